import type { Principal } from '../common/principal.js';
import type { RequestMeta } from '../common/request-context.js';
import type { AuditAction, AuditEntry, AuditOutcome } from './audit.port.js';

/** The audit entry of a signed-in caller's action (ids only; `detail` never holds PHI). Pure. */
export function adminAudit(
  principal: Principal,
  meta: RequestMeta,
  action: AuditAction,
  resource: string,
  outcome: AuditOutcome,
  patientId: string | null = null,
  detail?: Readonly<Record<string, string | number | boolean | null>>,
): AuditEntry {
  return {
    actorId: principal.userId,
    actorRole: principal.role,
    patientId,
    action,
    resource,
    outcome,
    sourceIp: meta.sourceIp,
    ...(detail ? { detail } : {}),
  };
}
