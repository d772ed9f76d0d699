import type { UserRole } from '@openward/contracts';

/**
 * Audited actions (wire values stored in audit_events.action), `feature.verb`. Every feature's actions are
 * listed here so the audit documentation and the FHIR AuditEvent mapping cover them all.
 */
export const AUDIT_ACTIONS = {
  // auth
  login: 'auth.login',
  loginMfa: 'auth.login.mfa',
  refresh: 'auth.refresh',
  /** A replaced refresh token was presented again: the whole session family is revoked. */
  refreshReuse: 'auth.refresh.reuse',
  logout: 'auth.logout',
  lockout: 'auth.lockout',
  idleLogoff: 'auth.idle-logoff',
  passwordChange: 'auth.password.change',
  mfaEnroll: 'auth.mfa.enroll',
  // users (admin)
  userList: 'user.list',
  userCreate: 'user.create',
  userUpdate: 'user.update',
  userDisable: 'user.disable',
  userEnable: 'user.enable',
  userUnlock: 'user.unlock',
  userMfaReset: 'user.mfa.reset',
  // care teams (admin)
  careTeamList: 'careteam.list',
  careTeamWrite: 'careteam.write',
  // patients
  patientList: 'patient.list',
  patientRead: 'patient.read',
  patientCreate: 'patient.create',
  patientUpdate: 'patient.update',
  vitalsRead: 'vitals.read',
  observationsRead: 'observations.read',
  liveSubscribe: 'live.subscribe',
  noteList: 'note.list',
  noteCreate: 'note.create',
  consentList: 'consent.list',
  consentRecord: 'consent.record',
  consentWithdraw: 'consent.withdraw',
  breakGlassOpen: 'breakglass.open',
  breakGlassEnd: 'breakglass.end',
  /** An admin read the break-glass review list (grants with their reasons). */
  breakGlassList: 'breakglass.list',
  // GDPR
  patientExport: 'patient.export',
  patientErase: 'patient.erase',
  legalHold: 'patient.legal-hold',
  // FHIR
  fhirRead: 'fhir.read',
  fhirSearch: 'fhir.search',
  // audit itself
  auditRead: 'audit.read',
  auditExport: 'audit.export',
  auditVerify: 'audit.verify',
  auditRetention: 'audit.retention',
  /** A signed-in caller refused by a route's role policy (resource = method and path). */
  routeDenied: 'route.denied',
  // registry (admin)
  gatewayList: 'registry.gateway.list',
  gatewayCreate: 'registry.gateway.create',
  gatewayEnroll: 'registry.gateway.enroll',
  gatewayRotate: 'registry.gateway.rotate',
  gatewayRevoke: 'registry.gateway.revoke',
  deviceList: 'registry.device.list',
  deviceWrite: 'registry.device.write',
  deviceAssign: 'registry.device.assign',
  deviceUnassign: 'registry.device.unassign',
  deviceReassign: 'registry.device.reassign',
} as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[keyof typeof AUDIT_ACTIONS];

export const AUDIT_OUTCOMES = ['success', 'failure', 'allowed', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** One audit record. Ids only: a username typed at login is not stored when it matches no account. */
export interface AuditEntry {
  readonly actorId: string | null;
  readonly actorRole: UserRole | null;
  readonly patientId: string | null;
  readonly action: AuditAction;
  /** What was accessed, e.g. `patients`, `patients/p-1001/vitals/latest`, `live/patient:p-1001`. */
  readonly resource: string;
  readonly outcome: AuditOutcome;
  readonly sourceIp: string | null;
  /** Access under an emergency break-glass grant (default false). */
  readonly breakGlass?: boolean;
  /** Small structured context (ids, counts, reason codes); never PHI in clear. */
  readonly detail?: Readonly<Record<string, string | number | boolean | null>>;
}

/**
 * Port: appends to the audit trail. Callers await it, so an access is not served if it cannot be audited: it
 * resolves once the entry is committed (hash-chained, group commit) and rejects with AUDIT_UNAVAILABLE (503)
 * when the bounded queue is full or the commit failed. Do not await it inside your own `db.transaction` (on
 * PGlite's single connection the audit transaction would wait for yours). See src/audit/DESIGN.md.
 */
export abstract class AuditPort {
  abstract record(entry: AuditEntry): Promise<void>;
}
