import { Global, Module } from '@nestjs/common';
import { AuditPort } from './audit.port.js';
import { DrizzleAuditLog } from './audit.repository.js';

/** Provides the {@link AuditPort} to every feature. */
@Global()
@Module({ providers: [{ provide: AuditPort, useClass: DrizzleAuditLog }], exports: [AuditPort] })
export class AuditModule {}
