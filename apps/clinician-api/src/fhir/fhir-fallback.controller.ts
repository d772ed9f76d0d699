import { Controller, Get, UseFilters, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FhirContentTypeInterceptor } from './fhir-content-type.interceptor.js';
import { FhirExceptionFilter } from './fhir-exception.filter.js';
import { FhirError } from './fhir.errors.js';

/**
 * Any other GET under /fhir/R4 (an unsupported resource type or interaction) answers 404 FHIR_UNSUPPORTED as an
 * OperationOutcome. Registered after FhirController, so it only catches what that one does not serve.
 */
@ApiExcludeController()
@Controller('fhir/R4')
@UseFilters(FhirExceptionFilter)
@UseInterceptors(FhirContentTypeInterceptor)
export class FhirFallbackController {
  @Get(':type')
  type(): never {
    throw new FhirError('FHIR_UNSUPPORTED');
  }

  @Get(':type/:id')
  instance(): never {
    throw new FhirError('FHIR_UNSUPPORTED');
  }

  @Get(':type/:id/:operation')
  operation(): never {
    throw new FhirError('FHIR_UNSUPPORTED');
  }
}
