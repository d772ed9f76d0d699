import { SYSTEMS } from './systems.js';
import type { CodeableConcept, Coding, Identifier, Reference } from './types.js';

/**
 * FHIR R4 AuditEvent (https://hl7.org/fhir/R4/auditevent.html) for one row of OpenWard's audit trail.
 * Pure: no clock, no I/O. Follows the IHE BALP conventions where R4 allows: DICOM event type, our action
 * code as subtype, the requesting user as agent, the API as observer, the patient as entity.
 */

/** Code systems of the AuditEvent mapping. */
export const AUDIT_SYSTEMS = {
  dicom: 'http://dicom.nema.org/resources/ontology/DCM',
  /** OpenWard audit action codes (`feature.verb`, apps/clinician-api src/audit/audit.port.ts). */
  auditAction: 'https://openward.dev/fhir/CodeSystem/audit-action',
  /** OpenWard user roles (admin, nurse, clinician, patient). */
  userRole: 'https://openward.dev/fhir/CodeSystem/user-role',
  /** Identifier of the observing API instance (AuditEvent.source.observer). */
  device: 'https://openward.dev/fhir/NamingSystem/device',
  /** Identifier of the API resource path an event concerns (ids only). */
  apiResource: 'https://openward.dev/fhir/NamingSystem/api-resource',
  actReason: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
  securitySourceType: 'http://terminology.hl7.org/CodeSystem/security-source-type',
  entityType: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
  objectRole: 'http://terminology.hl7.org/CodeSystem/object-role',
} as const;

/** One audit trail row (apps/clinician-api `audit_events`), the mapping's input. */
export interface AuditRecord {
  readonly id: number;
  readonly at: Date;
  readonly actorId: string | null;
  readonly actorRole: string | null;
  readonly patientId: string | null;
  readonly action: string;
  readonly resource: string;
  readonly outcome: string;
  readonly sourceIp: string | null;
  readonly breakGlass: boolean;
  readonly detail: Readonly<Record<string, unknown>> | null;
  /** Hash-chain link of the row (exported so a recipient can re-check the chain). */
  readonly hash: string | null;
}

/** R4 Reference with the elements an AuditEvent agent/observer uses. */
export interface AuditReference extends Reference {
  readonly type?: string;
  readonly identifier?: Identifier;
}

export interface AuditEventAgent {
  readonly role?: readonly CodeableConcept[];
  readonly who?: AuditReference;
  /** 1..1 in R4: the agent that initiated the event. */
  readonly requestor: boolean;
  readonly network?: { readonly address?: string; readonly type?: '1' | '2' | '3' | '4' | '5' };
  readonly purposeOfUse?: readonly CodeableConcept[];
}

export interface AuditEventEntity {
  readonly what?: AuditReference;
  readonly type?: Coding;
  readonly role?: Coding;
  readonly detail?: readonly { readonly type: string; readonly valueString: string }[];
}

/** AuditEvent.action (R4 value set audit-event-action): Create, Read, Update, Delete, Execute. */
export type AuditEventAction = 'C' | 'R' | 'U' | 'D' | 'E';
/** AuditEvent.outcome (R4 value set audit-event-outcome): success, minor, serious, major failure. */
export type AuditEventOutcome = '0' | '4' | '8' | '12';

export interface AuditEvent {
  readonly resourceType: 'AuditEvent';
  readonly id?: string;
  readonly type: Coding;
  readonly subtype?: readonly Coding[];
  readonly action?: AuditEventAction;
  readonly recorded: string;
  readonly outcome?: AuditEventOutcome;
  readonly outcomeDesc?: string;
  readonly purposeOfEvent?: readonly CodeableConcept[];
  readonly agent: readonly AuditEventAgent[];
  readonly source: {
    readonly site?: string;
    readonly observer: AuditReference;
    readonly type?: readonly Coding[];
  };
  readonly entity?: readonly AuditEventEntity[];
}

/** DICOM audit event ids (CID 400) used as AuditEvent.type. */
export const DICOM_EVENT_TYPES = {
  applicationActivity: { system: AUDIT_SYSTEMS.dicom, code: '110100', display: 'Application Activity' },
  auditLogUsed: { system: AUDIT_SYSTEMS.dicom, code: '110101', display: 'Audit Log Used' },
  export: { system: AUDIT_SYSTEMS.dicom, code: '110106', display: 'Export' },
  patientRecord: { system: AUDIT_SYSTEMS.dicom, code: '110110', display: 'Patient Record' },
  securityAlert: { system: AUDIT_SYSTEMS.dicom, code: '110113', display: 'Security Alert' },
  userAuthentication: { system: AUDIT_SYSTEMS.dicom, code: '110114', display: 'User Authentication' },
} as const satisfies Record<string, Coding>;

/** Features whose events concern a patient's record. */
const PATIENT_FEATURES = new Set([
  'patient',
  'vitals',
  'observations',
  'live',
  'note',
  'consent',
  'breakglass',
  'fhir',
]);

/** AuditEvent.type of an action code (`feature.verb`). */
export function auditEventType(action: string, patientId: string | null): Coding {
  const feature = action.split('.')[0] ?? '';
  if (feature === 'auth') return DICOM_EVENT_TYPES.userAuthentication;
  if (feature === 'audit') return DICOM_EVENT_TYPES.auditLogUsed;
  if (action === 'route.denied') return DICOM_EVENT_TYPES.securityAlert;
  if (action === 'patient.export') return DICOM_EVENT_TYPES.export;
  if (PATIENT_FEATURES.has(feature) || patientId !== null) return DICOM_EVENT_TYPES.patientRecord;
  return DICOM_EVENT_TYPES.applicationActivity;
}

const VERB_ACTIONS: Readonly<Record<string, AuditEventAction>> = {
  create: 'C',
  record: 'C',
  enroll: 'C',
  open: 'C',
  read: 'R',
  list: 'R',
  search: 'R',
  subscribe: 'R',
  verify: 'R',
  update: 'U',
  write: 'U',
  assign: 'U',
  unassign: 'U',
  reassign: 'U',
  rotate: 'U',
  change: 'U',
  disable: 'U',
  enable: 'U',
  unlock: 'U',
  reset: 'U',
  withdraw: 'U',
  end: 'U',
  'legal-hold': 'U',
  erase: 'D',
  revoke: 'D',
  retention: 'D',
  delete: 'D',
};

/** AuditEvent.action from the action's last segment; sign-in, export and the like are Execute. */
export function auditEventAction(action: string): AuditEventAction {
  const verb = action.split('.').pop() ?? '';
  return VERB_ACTIONS[verb] ?? 'E';
}

/** AuditEvent.outcome: success/allowed → 0, denied (refused, nothing done) → 4, failure → 8. */
export function auditEventOutcome(outcome: string): AuditEventOutcome {
  if (outcome === 'success' || outcome === 'allowed') return '0';
  if (outcome === 'denied') return '4';
  return '8';
}

const BREAK_GLASS: CodeableConcept = {
  coding: [{ system: AUDIT_SYSTEMS.actReason, code: 'BTG', display: 'break the glass' }],
};

/** Staff who are practitioners are referenced as such; others (admin, patient users) by user identifier. */
function agentWho(actorId: string | null, role: string | null): AuditReference | undefined {
  if (actorId === null) return undefined;
  if (role === 'nurse' || role === 'clinician') return { reference: `Practitioner/${actorId}` };
  return { identifier: { system: SYSTEMS.openwardUser, value: actorId } };
}

function detailString(v: unknown): string {
  return typeof v === 'string' ? v : (JSON.stringify(v) ?? 'null');
}

/** Maps one audit row to an R4 AuditEvent (id = the row id). */
export function toFhirAuditEvent(row: AuditRecord): AuditEvent {
  const who = agentWho(row.actorId, row.actorRole);
  const agent: AuditEventAgent = {
    ...(row.actorRole === null
      ? {}
      : { role: [{ coding: [{ system: AUDIT_SYSTEMS.userRole, code: row.actorRole }] }] }),
    ...(who ? { who } : {}),
    requestor: true,
    ...(row.sourceIp === null ? {} : { network: { address: row.sourceIp, type: '2' as const } }),
    ...(row.breakGlass ? { purposeOfUse: [BREAK_GLASS] } : {}),
  };
  const entity: AuditEventEntity[] = [];
  if (row.patientId !== null) {
    entity.push({
      what: { reference: `Patient/${row.patientId}` },
      type: { system: AUDIT_SYSTEMS.entityType, code: '1', display: 'Person' },
      role: { system: AUDIT_SYSTEMS.objectRole, code: '1', display: 'Patient' },
    });
  }
  const details = [
    ...Object.entries(row.detail ?? {}).map(([type, v]) => ({ type, valueString: detailString(v) })),
    ...(row.hash === null ? [] : [{ type: 'openward-chain-hash', valueString: row.hash }]),
  ];
  entity.push({
    what: { identifier: { system: AUDIT_SYSTEMS.apiResource, value: row.resource } },
    type: { system: AUDIT_SYSTEMS.entityType, code: '2', display: 'System Object' },
    ...(details.length > 0 ? { detail: details } : {}),
  });
  const outcome = auditEventOutcome(row.outcome);
  return {
    resourceType: 'AuditEvent',
    id: String(row.id),
    type: auditEventType(row.action, row.patientId),
    subtype: [{ system: AUDIT_SYSTEMS.auditAction, code: row.action }],
    action: auditEventAction(row.action),
    recorded: row.at.toISOString(),
    outcome,
    ...(outcome === '0' ? {} : { outcomeDesc: row.outcome }),
    ...(row.breakGlass ? { purposeOfEvent: [BREAK_GLASS] } : {}),
    agent: [agent],
    source: {
      site: 'OpenWard',
      observer: {
        type: 'Device',
        identifier: { system: AUDIT_SYSTEMS.device, value: 'openward-clinician-api' },
        display: 'OpenWard clinician API',
      },
      type: [{ system: AUDIT_SYSTEMS.securitySourceType, code: '4', display: 'Application Server' }],
    },
    entity,
  };
}
