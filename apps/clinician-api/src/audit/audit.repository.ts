import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { Database } from '../database/database.js';
import { auditEvents } from '../database/schema.js';
import { AuditPort, type AuditEntry } from './audit.port.js';

/** Audit adapter: one INSERT per entry into the append-only `audit_events` table. */
@Injectable()
export class DrizzleAuditLog extends AuditPort {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {
    super();
  }

  async record(entry: AuditEntry): Promise<void> {
    await this.database.db.insert(auditEvents).values({ ...entry, at: this.clock.now() });
  }
}
