import { Global, Module } from '@nestjs/common';
import { AuditAdminService } from './audit-admin.service.js';
import { AuditRetentionJob } from './audit-retention.service.js';
import { AuditChainVerification } from './audit-verify.service.js';
import { GroupCommitAuditLog } from './audit-writer.js';
import { AuditController } from './audit.controller.js';
import { AuditPort } from './audit.port.js';
import { DrizzleAuditStore } from './audit.repository.js';
import { AuditStore } from './audit.store.js';

/** Provides the {@link AuditPort} (group-commit, hash-chained writer) to every feature, and the admin routes. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [
    { provide: AuditStore, useClass: DrizzleAuditStore },
    { provide: AuditPort, useClass: GroupCommitAuditLog },
    AuditChainVerification,
    AuditRetentionJob,
    AuditAdminService,
  ],
  exports: [AuditPort],
})
export class AuditModule {}
