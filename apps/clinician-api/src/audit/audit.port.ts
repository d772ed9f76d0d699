import type { StaffRole } from '@openward/contracts';

/** Audited actions (wire values stored in audit_events.action). */
export const AUDIT_ACTIONS = {
  login: 'auth.login',
  patientList: 'patient.list',
  vitalsRead: 'vitals.read',
  liveSubscribe: 'live.subscribe',
  /** A signed-in caller refused by a route's role policy (resource = method and path). */
  routeDenied: 'route.denied',
  gatewayRevoke: 'registry.gateway.revoke',
  deviceReassign: 'registry.device.reassign',
} as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[keyof typeof AUDIT_ACTIONS];

export const AUDIT_OUTCOMES = ['success', 'failure', 'allowed', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** One audit record. Ids only: a username typed at login is not stored when it matches no account. */
export interface AuditEntry {
  readonly actorId: string | null;
  readonly actorRole: StaffRole | null;
  readonly patientId: string | null;
  readonly action: AuditAction;
  /** What was accessed, e.g. `patients`, `patients/p-1001/vitals/latest`, `live/patient:p-1001`. */
  readonly resource: string;
  readonly outcome: AuditOutcome;
  readonly sourceIp: string | null;
}

/** Port: appends to the audit trail. Callers await it, so an access is not served if it cannot be audited. */
export abstract class AuditPort {
  abstract record(entry: AuditEntry): Promise<void>;
}
