import { Global, Module } from '@nestjs/common';
import { DrizzlePatientAccess } from './drizzle-patient-access.js';
import { PatientAccess } from './patient-access.js';

/** Provides {@link PatientAccess} to every feature. */
@Global()
@Module({ providers: [{ provide: PatientAccess, useClass: DrizzlePatientAccess }], exports: [PatientAccess] })
export class AccessModule {}
