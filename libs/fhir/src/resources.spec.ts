import { describe, expect, it } from '@jest/globals';
import { collectionBundle, collectionBundleParts, collectionEntry, searchsetBundle } from './bundle.js';
import { capabilityStatement } from './capability-statement.js';
import { toPhdDevice, toPhgDevice } from './device.js';
import { errorOutcome, issueTypeForStatus } from './operation-outcome.js';
import { toPatient, toPractitioner } from './patient.js';
import { toConsent, toDocumentReference, utf8Base64 } from './records.js';
import { SYSTEMS } from './systems.js';

const base = 'https://ward.example/fhir/R4';

describe('Patient and Practitioner', () => {
  it('maps names, MRN, gender and birth date; a discharged patient is inactive', () => {
    const p = toPatient(
      {
        id: 'p_1',
        displayName: 'Ada Example',
        givenName: 'Ada',
        familyName: 'Example',
        birthDate: '1950-02-03',
        gender: 'female',
        mrn: 'MRN-1',
        status: 'discharged',
      },
      { mrnSystem: 'urn:oid:1.2.3' },
    );
    expect(p).toMatchObject({
      id: 'p.1',
      active: false,
      name: [{ use: 'official', family: 'Example', given: ['Ada'] }],
      gender: 'female',
      birthDate: '1950-02-03',
    });
    expect(p.identifier?.map((i) => [i.system, i.value])).toEqual([
      ['urn:oid:1.2.3', 'MRN-1'],
      [SYSTEMS.openwardPatient, 'p_1'],
    ]);
  });

  it('falls back to the display name and exposes no login name for staff', () => {
    const p = toPatient(
      {
        id: 'p-2',
        displayName: 'Ben',
        givenName: null,
        familyName: null,
        birthDate: null,
        gender: null,
        mrn: null,
        status: 'active',
      },
      { mrnSystem: 'x' },
    );
    expect(p.name).toEqual([{ use: 'usual', text: 'Ben' }]);
    expect(toPractitioner({ id: 'u-nurse', displayName: 'Nina Nurse', disabled: true })).toEqual({
      resourceType: 'Practitioner',
      id: 'u-nurse',
      identifier: [{ system: SYSTEMS.openwardUser, value: 'u-nurse' }],
      active: false,
      name: [{ text: 'Nina Nurse' }],
    });
  });
});

describe('Device', () => {
  it('identifies a PHD by its Bluetooth MAC (uppercase, dashes) and codes it MDC_MOC_VMS_MDS_SIMP', () => {
    const d = toPhdDevice({
      address: 'c0:ff:ee:00:10:05',
      gatewayId: 'gw-1',
      kind: 'blood-pressure-cuff',
      model: 'BPM-1',
      serial: 'S-9',
      manufacturer: 'Acme',
      currentPatientId: 'p-1001',
    });
    expect(d).toMatchObject({
      id: 'c0.ff.ee.00.10.05',
      identifier: [{ system: SYSTEMS.bluetoothMac, value: 'C0-FF-EE-00-10-05' }],
      manufacturer: 'Acme',
      serialNumber: 'S-9',
      modelNumber: 'BPM-1',
      type: { coding: [{ system: SYSTEMS.mdc, code: '65573' }] },
      specialization: [{ systemType: { coding: [{ code: '528391' }] } }],
      patient: { reference: 'Patient/p-1001' },
    });
  });

  it('leaves out the patient of an unassigned device and the specialization of an unknown kind', () => {
    const d = toPhdDevice({
      address: 'c0:ff:ee:00:10:05',
      gatewayId: 'gw-1',
      kind: 'toaster',
      model: null,
      serial: null,
      manufacturer: null,
      currentPatientId: null,
    });
    expect(d.patient).toBeUndefined();
    expect(d.specialization).toBeUndefined();
  });

  it('codes the gateway as a PHG (MDC_MOC_VMS_MDS_AHD); a revoked one is inactive', () => {
    expect(toPhgDevice({ id: 'gw-1', status: 'revoked' })).toMatchObject({
      id: 'gw-1',
      status: 'inactive',
      type: { coding: [{ code: '531981' }] },
    });
  });
});

describe('notes and consents', () => {
  it('carries a note as UTF-8 base64 text, replacing the note it amends', () => {
    const d = toDocumentReference(
      {
        id: 'n-2',
        patientId: 'p-1',
        authorId: 'u-1',
        kind: 'progress',
        body: 'Stable — ok',
        amends: 'n-1',
        createdAt: '2026-01-01T00:00:00.000Z',
      },
      false,
    );
    expect(Buffer.from(d.content[0]!.attachment.data!, 'base64').toString('utf8')).toBe('Stable — ok');
    expect(d).toMatchObject({
      status: 'current',
      docStatus: 'amended',
      relatesTo: [{ code: 'replaces', target: { reference: 'DocumentReference/n-1' } }],
    });
    expect(utf8Base64('é')).toBe('w6k=');
  });

  it('maps a withdrawn consent to inactive with the period ending at withdrawal', () => {
    const c = toConsent({
      id: 'c-1',
      patientId: 'p-1',
      kind: 'monitoring',
      version: '2.0',
      language: 'de-DE',
      method: 'paper',
      givenAt: '2026-01-01T00:00:00.000Z',
      withdrawnAt: '2026-02-01T00:00:00.000Z',
    });
    expect(c).toMatchObject({
      status: 'inactive',
      language: 'de-DE',
      policy: [{ uri: `${SYSTEMS.openwardConsentPolicy}/monitoring/2.0` }],
      provision: { period: { start: '2026-01-01T00:00:00.000Z', end: '2026-02-01T00:00:00.000Z' } },
    });
  });
});

describe('Bundle, OperationOutcome, CapabilityStatement', () => {
  const patient = toPractitioner({ id: 'u-1', displayName: 'X', disabled: false });

  it('builds a searchset with self and next links and full URLs', () => {
    const b = searchsetBundle([{ resource: patient, mode: 'match' }], {
      base,
      self: `${base}/Practitioner?_id=u-1`,
      next: `${base}/Practitioner?_id=u-1&_getpages=c`,
      timestamp: '2026-01-01T00:00:00.000Z',
    });
    expect(b.link).toEqual([
      { relation: 'self', url: `${base}/Practitioner?_id=u-1` },
      { relation: 'next', url: `${base}/Practitioner?_id=u-1&_getpages=c` },
    ]);
    expect(b.entry?.[0]).toMatchObject({ fullUrl: `${base}/Practitioner/u-1`, search: { mode: 'match' } });
  });

  it('streams a collection bundle whose parts join to the same JSON as the whole', () => {
    const t = '2026-01-01T00:00:00.000Z';
    const parts = collectionBundleParts(t);
    const text =
      parts.head +
      [patient, patient].map((r) => JSON.stringify(collectionEntry(base, r))).join(parts.separator) +
      parts.tail;
    expect(JSON.parse(text)).toEqual(collectionBundle(base, [patient, patient], t));
  });

  it('maps statuses to issue types and keeps the OpenWard code', () => {
    expect([400, 401, 403, 404, 406, 502, 500].map(issueTypeForStatus)).toEqual([
      'invalid',
      'login',
      'forbidden',
      'not-found',
      'not-supported',
      'transient',
      'exception',
    ]);
    expect(errorOutcome({ status: 404, code: 'FHIR_NOT_FOUND', title: 'No such resource' }).issue).toEqual([
      {
        severity: 'error',
        code: 'not-found',
        details: {
          coding: [{ system: SYSTEMS.openwardError, code: 'FHIR_NOT_FOUND' }],
          text: 'No such resource',
        },
      },
    ]);
  });

  it('declares FHIR 4.0.1, JSON, and the read/search interactions', () => {
    const cs = capabilityStatement({ base, date: '2026-01-01', softwareVersion: '0.1.0' });
    expect(cs.fhirVersion).toBe('4.0.1');
    expect(cs.rest[0]!.resource.map((r) => r.type)).toEqual([
      'Patient',
      'Practitioner',
      'Device',
      'Observation',
    ]);
  });
});
