import { describe, expect, it } from '@jest/globals';
import {
  auditEventAction,
  auditEventOutcome,
  auditEventType,
  toFhirAuditEvent,
  type AuditEvent,
  type AuditRecord,
} from './audit-event.js';
import { SYSTEMS } from './systems.js';

const row: AuditRecord = {
  id: 1234,
  at: new Date('2026-11-25T08:40:00.123Z'),
  actorId: 'u-clinician',
  actorRole: 'clinician',
  patientId: 'p-1003',
  action: 'vitals.read',
  resource: 'patients/p-1003/vitals/latest',
  outcome: 'allowed',
  sourceIp: '127.0.0.1',
  breakGlass: true,
  detail: { grantId: 'bg-1', count: 3 },
  hash: 'a'.repeat(64),
};

const CODE = /^[^\s]+( [^\s]+)*$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * R4 AuditEvent structure rules (https://hl7.org/fhir/R4/auditevent.html): required elements and
 * cardinalities, required value sets (action, outcome, network type), primitive formats, sev-1, ref-1.
 * Returns the violations found (empty = valid).
 */
function r4Violations(e: AuditEvent): string[] {
  const v: string[] = [];
  const coding = (c: unknown, path: string): void => {
    const x = c as { system?: unknown; code?: unknown };
    if (typeof x !== 'object' || x === null) v.push(`${path}: Coding expected`);
    else if (typeof x.code !== 'string' || !CODE.test(x.code)) v.push(`${path}.code invalid`);
    else if (typeof x.system !== 'string' || !/^[a-z]+:/.test(x.system))
      v.push(`${path}.system must be a uri`);
  };
  const reference = (r: unknown, path: string): void => {
    const x = r as { reference?: unknown; identifier?: { value?: unknown }; display?: unknown };
    if (x.reference === undefined && x.identifier === undefined && x.display === undefined)
      v.push(`${path}: empty Reference`);
    if (typeof x.reference === 'string' && !/^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(x.reference))
      v.push(`${path}.reference not a relative literal reference`);
    if (x.identifier !== undefined && typeof x.identifier.value !== 'string')
      v.push(`${path}.identifier.value`);
  };
  if (e.resourceType !== 'AuditEvent') v.push('resourceType');
  if (e.id !== undefined && !ID.test(e.id)) v.push('id');
  coding(e.type, 'type');
  (e.subtype ?? []).forEach((c, i) => coding(c, `subtype[${i}]`));
  if (e.action !== undefined && !['C', 'R', 'U', 'D', 'E'].includes(e.action)) v.push('action');
  if (!INSTANT.test(e.recorded)) v.push('recorded');
  if (e.outcome !== undefined && !['0', '4', '8', '12'].includes(e.outcome)) v.push('outcome');
  if (!Array.isArray(e.agent) || e.agent.length < 1) v.push('agent 1..*');
  e.agent.forEach((a, i) => {
    if (typeof a.requestor !== 'boolean') v.push(`agent[${i}].requestor 1..1`);
    if (a.who) reference(a.who, `agent[${i}].who`);
    if (a.network?.type !== undefined && !['1', '2', '3', '4', '5'].includes(a.network.type))
      v.push(`agent[${i}].network.type`);
    (a.purposeOfUse ?? []).forEach((p, j) =>
      (p.coding ?? []).forEach((c, k) => coding(c, `agent[${i}].purposeOfUse[${j}].coding[${k}]`)),
    );
  });
  if (!e.source?.observer) v.push('source.observer 1..1');
  else reference(e.source.observer, 'source.observer');
  (e.entity ?? []).forEach((en, i) => {
    if (en.what) reference(en.what, `entity[${i}].what`);
    if (en.type) coding(en.type, `entity[${i}].type`);
    (en.detail ?? []).forEach((d, j) => {
      if (typeof d.type !== 'string' || typeof d.valueString !== 'string')
        v.push(`entity[${i}].detail[${j}]`);
    });
  });
  // No empty arrays or empty strings anywhere (FHIR JSON forbids them).
  JSON.stringify(e, (k, val: unknown) => {
    if ((Array.isArray(val) && val.length === 0) || val === '') v.push(`empty value at ${k}`);
    return val;
  });
  return v;
}

describe('toFhirAuditEvent', () => {
  it('maps a break-glass read to a valid R4 AuditEvent', () => {
    const e = toFhirAuditEvent(row);
    expect(r4Violations(e)).toEqual([]);
    expect(e).toEqual({
      resourceType: 'AuditEvent',
      id: '1234',
      type: {
        system: 'http://dicom.nema.org/resources/ontology/DCM',
        code: '110110',
        display: 'Patient Record',
      },
      subtype: [{ system: 'https://openward.dev/fhir/CodeSystem/audit-action', code: 'vitals.read' }],
      action: 'R',
      recorded: '2026-11-25T08:40:00.123Z',
      outcome: '0',
      purposeOfEvent: [
        {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
              code: 'BTG',
              display: 'break the glass',
            },
          ],
        },
      ],
      agent: [
        {
          role: [
            { coding: [{ system: 'https://openward.dev/fhir/CodeSystem/user-role', code: 'clinician' }] },
          ],
          who: { reference: 'Practitioner/u-clinician' },
          requestor: true,
          network: { address: '127.0.0.1', type: '2' },
          purposeOfUse: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
                  code: 'BTG',
                  display: 'break the glass',
                },
              ],
            },
          ],
        },
      ],
      source: {
        site: 'OpenWard',
        observer: {
          type: 'Device',
          identifier: {
            system: 'https://openward.dev/fhir/NamingSystem/device',
            value: 'openward-clinician-api',
          },
          display: 'OpenWard clinician API',
        },
        type: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/security-source-type',
            code: '4',
            display: 'Application Server',
          },
        ],
      },
      entity: [
        {
          what: { reference: 'Patient/p-1003' },
          type: {
            system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
            code: '1',
            display: 'Person',
          },
          role: {
            system: 'http://terminology.hl7.org/CodeSystem/object-role',
            code: '1',
            display: 'Patient',
          },
        },
        {
          what: {
            identifier: {
              system: 'https://openward.dev/fhir/NamingSystem/api-resource',
              value: 'patients/p-1003/vitals/latest',
            },
          },
          type: {
            system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
            code: '2',
            display: 'System Object',
          },
          detail: [
            { type: 'grantId', valueString: 'bg-1' },
            { type: 'count', valueString: '3' },
            { type: 'openward-chain-hash', valueString: 'a'.repeat(64) },
          ],
        },
      ],
    });
  });

  it('maps a failed anonymous sign-in (no actor, no patient) to a valid User Authentication event', () => {
    const e = toFhirAuditEvent({
      ...row,
      actorId: null,
      actorRole: null,
      patientId: null,
      action: 'auth.login',
      resource: 'auth/login',
      outcome: 'failure',
      sourceIp: null,
      breakGlass: false,
      detail: null,
      hash: null,
    });
    expect(r4Violations(e)).toEqual([]);
    expect(e.type.code).toBe('110114');
    expect(e).toMatchObject({
      action: 'E',
      outcome: '8',
      outcomeDesc: 'failure',
      agent: [{ requestor: true }],
    });
    expect(e.agent[0]).toEqual({ requestor: true });
    expect(e.entity).toHaveLength(1);
    expect(e.purposeOfEvent).toBeUndefined();
  });

  it('references admins and patient users by user identifier, not as Practitioner', () => {
    const admin = toFhirAuditEvent({ ...row, actorId: 'u-admin', actorRole: 'admin', breakGlass: false });
    expect(admin.agent[0]?.who).toEqual({
      identifier: { system: SYSTEMS.openwardUser, value: 'u-admin' },
    });
    expect(r4Violations(admin)).toEqual([]);
  });
});

describe('audit code mapping', () => {
  it.each([
    ['auth.login', null, '110114', 'E'],
    ['auth.refresh.reuse', null, '110114', 'E'],
    ['audit.export', null, '110101', 'E'],
    ['audit.retention', null, '110101', 'D'],
    ['audit.verify', null, '110101', 'R'],
    ['route.denied', null, '110113', 'E'],
    ['patient.export', 'p-1001', '110106', 'E'],
    ['patient.erase', 'p-1001', '110110', 'D'],
    ['note.create', 'p-1001', '110110', 'C'],
    ['consent.withdraw', 'p-1001', '110110', 'U'],
    ['breakglass.open', 'p-1003', '110110', 'C'],
    ['fhir.search', 'p-1001', '110110', 'R'],
    ['registry.device.assign', 'p-1001', '110110', 'U'],
    ['registry.gateway.revoke', null, '110100', 'D'],
    ['user.create', null, '110100', 'C'],
    ['patient.legal-hold', 'p-1001', '110110', 'U'],
  ])('%s → type %s… action', (action, patientId, type, act) => {
    expect(auditEventType(action, patientId).code).toBe(type);
    expect(auditEventAction(action)).toBe(act);
  });

  it('maps outcomes to 0 / 4 / 8', () => {
    expect(['success', 'allowed', 'denied', 'failure'].map(auditEventOutcome)).toEqual(['0', '0', '4', '8']);
  });
});
