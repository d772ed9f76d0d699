import { Controller, Get, Param, Req, UseFilters, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  capabilityStatement,
  type Bundle,
  type CapabilityStatement,
  type Device,
  type Observation,
  type Patient,
  type Practitioner,
} from '@openward/fhir';
import type { Principal } from '../common/principal.js';
import { Public } from '../common/public.decorator.js';
import { CurrentPrincipal, Meta, type RequestMeta } from '../common/request-context.js';
import { Roles } from '../common/route-policy.js';
import { AppConfig } from '../config/app-config.js';
import { FhirContentTypeInterceptor } from './fhir-content-type.interceptor.js';
import { FhirDevicesService } from './fhir-devices.service.js';
import { FhirExceptionFilter } from './fhir-exception.filter.js';
import { FhirObservationsService } from './fhir-observations.service.js';
import { FhirPatientsService } from './fhir-patients.service.js';
import { FhirParams, requestBase, type FhirQuery } from './fhir-request.js';

/** Publication date of the CapabilityStatement (changes only when the FHIR surface changes). */
const CAPABILITY_DATE = '2026-01-10';
const SOFTWARE_VERSION = '0.1.0';

type Req = Parameters<typeof requestBase>[0];

/**
 * FHIR R4 (read-only) at /fhir/R4: docs/fhir.md. Any signed-in user; the access policy decides per patient.
 * Documented in docs/fhir.md and the CapabilityStatement rather than the OpenAPI document.
 */
@ApiExcludeController()
@Controller('fhir/R4')
@UseFilters(FhirExceptionFilter)
@UseInterceptors(FhirContentTypeInterceptor)
export class FhirController {
  constructor(
    private readonly patients: FhirPatientsService,
    private readonly devices: FhirDevicesService,
    private readonly observations: FhirObservationsService,
    private readonly config: AppConfig,
  ) {}

  private base(req: Req): string {
    return requestBase(req, this.config.fhirBaseUrl);
  }

  @Public()
  @Get('metadata')
  metadata(@Req() req: Req, @FhirParams() _q: FhirQuery): CapabilityStatement {
    return capabilityStatement({
      base: this.base(req),
      date: CAPABILITY_DATE,
      softwareVersion: SOFTWARE_VERSION,
    });
  }

  @Get('Patient')
  searchPatients(
    @Req() req: Req,
    @FhirParams() q: FhirQuery,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<Bundle> {
    return this.patients.search(principal, q, this.base(req), meta);
  }

  @Get('Patient/:id')
  readPatient(
    @Param('id') id: string,
    @FhirParams() _q: FhirQuery,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<Patient> {
    return this.patients.read(principal, id, meta);
  }

  @Get('Patient/:id/$everything')
  everything(
    @Req() req: Req,
    @Param('id') id: string,
    @FhirParams() q: FhirQuery,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<Bundle> {
    return this.patients.everything(principal, id, q, this.base(req), meta);
  }

  @Roles('admin', 'nurse', 'clinician')
  @Get('Practitioner/:id')
  readPractitioner(
    @Param('id') id: string,
    @FhirParams() _q: FhirQuery,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<Practitioner> {
    return this.patients.practitioner(principal, id, meta);
  }

  @Get('Device')
  searchDevices(
    @Req() req: Req,
    @FhirParams() q: FhirQuery,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<Bundle> {
    return this.devices.search(principal, q, this.base(req), meta);
  }

  @Get('Device/:id')
  readDevice(
    @Param('id') id: string,
    @FhirParams() _q: FhirQuery,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<Device> {
    return this.devices.read(principal, id, meta);
  }

  @Get('Observation')
  searchObservations(
    @Req() req: Req,
    @FhirParams() q: FhirQuery,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<Bundle> {
    return this.observations.search(principal, q, this.base(req), meta);
  }

  @Get('Observation/:id')
  readObservation(
    @Param('id') id: string,
    @FhirParams() _q: FhirQuery,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<Observation> {
    return this.observations.read(principal, id, meta);
  }
}
