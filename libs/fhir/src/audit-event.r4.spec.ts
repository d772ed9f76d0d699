/** AuditEvent and its export Bundle validated offline against the FHIR R4 specification (test/r4-validator.ts). */
import { describe, expect, it } from '@jest/globals';
import { r4Errors } from './validation/r4-validator.js';
import { toFhirAuditEvent, type AuditEvent, type AuditRecord } from './audit-event.js';
import type { Bundle, FhirResource } from './types.js';

const base: AuditRecord = {
  id: 7,
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

const rows: AuditRecord[] = [
  base,
  {
    ...base,
    id: 8,
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
  },
  {
    ...base,
    id: 9,
    actorId: 'u-admin',
    actorRole: 'admin',
    patientId: null,
    action: 'audit.export',
    resource: 'audit_events',
    outcome: 'success',
    breakGlass: false,
  },
  {
    ...base,
    id: 10,
    actorId: 'u-nurse',
    actorRole: 'nurse',
    patientId: 'p-1003',
    action: 'patient.read',
    outcome: 'denied',
    breakGlass: false,
    sourceIp: '::1',
  },
];

/** The validator types cover the resources H3 emits; an AuditEvent is validated the same way. */
const asResource = (r: AuditEvent | Bundle<AuditEvent>): FhirResource => r as unknown as FhirResource;

describe('AuditEvent against FHIR R4', () => {
  it.each(rows.map((r) => [r.action, r.outcome, r] as const))('%s (%s) validates', (_a, _o, row) => {
    expect(r4Errors(asResource(toFhirAuditEvent(row)))).toEqual([]);
  });

  it('validates inside a searchset Bundle as the export sends it', () => {
    const bundle: Bundle<AuditEvent> = {
      resourceType: 'Bundle',
      type: 'searchset',
      timestamp: '2026-11-25T09:00:00.000Z',
      link: [{ relation: 'self', url: '/api/admin/audit/export?limit=4' }],
      entry: rows.map((r) => ({ resource: toFhirAuditEvent(r), search: { mode: 'match' } })),
    };
    expect(r4Errors(asResource(bundle))).toEqual([]);
  });
});
