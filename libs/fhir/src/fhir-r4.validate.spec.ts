/**
 * Every resource type @openward/fhir emits, validated offline against the FHIR R4 specification; Observations
 * also against their vital-signs profile (see test/r4-validator.ts for which StructureDefinitions are used).
 */
import { describe, expect, it } from '@jest/globals';
import { everyMetric, reading, T0 } from '../test/points.js';
import { profileChecks, r4Errors } from './validation/r4-validator.js';
import { collectionBundle, searchsetBundle } from './bundle.js';
import { capabilityStatement } from './capability-statement.js';
import { toPhdDevice, toPhgDevice } from './device.js';
import { readingObservations } from './observation.js';
import { errorOutcome } from './operation-outcome.js';
import { toPatient, toPractitioner } from './patient.js';
import { toConsent, toDocumentReference } from './records.js';
import { SYSTEMS, VITAL_SIGNS_PROFILES } from './systems.js';
import type { FhirResource, Observation } from './types.js';

const base = 'https://ward.example/fhir/R4';
const observations: Observation[] = [
  ...everyMetric().flatMap((r) => readingObservations('p-1001', r)),
  ...readingObservations('p-1001', reading(['bp-systolic', 'bp-diastolic', 'bp-mean', 'pulse-rate'], T0 + 1)),
  ...readingObservations('p-1001', reading(['glucose'], T0 + 2, { glucose: 'mg/dL' })),
  ...readingObservations('p-1001', reading(['body-temperature'], T0 + 3, { 'body-temperature': '[degF]' })),
  ...readingObservations(
    'p-1001',
    reading(['body-weight', 'body-height'], T0 + 4, { 'body-weight': '[lb_av]', 'body-height': '[in_i]' }),
  ),
];

const patient = toPatient(
  {
    id: 'p-1001',
    displayName: 'Ada Example',
    givenName: 'Ada',
    familyName: 'Example',
    birthDate: '1950-02-03',
    gender: 'female',
    mrn: 'MRN-1001',
    status: 'active',
  },
  { mrnSystem: SYSTEMS.openwardMrn },
);
const others: FhirResource[] = [
  patient,
  toPractitioner({ id: 'u-nurse', displayName: 'Nina Nurse', disabled: false }),
  toPhdDevice({
    address: 'c0:ff:ee:00:10:05',
    gatewayId: 'gw-demo-home-1',
    kind: 'blood-pressure-cuff',
    model: 'OW-BPM',
    serial: 'SN-1005',
    manufacturer: 'OpenWard Sim',
    currentPatientId: 'p-1001',
  }),
  toPhgDevice({ id: 'gw-demo-home-1', status: 'active' }),
  toDocumentReference(
    {
      id: 'n-2',
      patientId: 'p-1001',
      authorId: 'u-nurse',
      kind: 'call',
      body: 'Phoned — feels well.',
      amends: 'n-1',
      createdAt: '2026-01-10T09:00:00.000Z',
    },
    false,
  ),
  toConsent({
    id: 'c-1',
    patientId: 'p-1001',
    kind: 'monitoring',
    version: '1.0',
    language: 'en-GB',
    method: 'electronic',
    givenAt: '2026-01-01T09:00:00.000Z',
    withdrawnAt: null,
  }),
  errorOutcome({
    status: 400,
    code: 'FHIR_BAD_PARAMETER',
    title: 'Invalid search parameter',
    detail: 'date',
  }),
  capabilityStatement({ base, date: '2026-01-10', softwareVersion: '0.1.0' }),
];

describe('FHIR R4 validation', () => {
  it.each(others.map((r) => [r.resourceType, r] as const))('%s validates against R4', (_type, resource) => {
    expect(r4Errors(resource)).toEqual([]);
  });

  it.each(observations.map((o) => [o.code.text, o] as const))(
    'Observation "%s" validates against R4',
    (_t, o) => {
      expect(r4Errors(o)).toEqual([]);
    },
  );

  const profiled = observations.filter((o) => o.meta?.profile?.[0]);
  it.each(profiled.map((o) => [o.code.text, o.meta!.profile![0]!, o] as const))(
    'Observation "%s" validates against %s',
    (_t, profile, o) => {
      for (const p of profileChecks(profile))
        expect({ p, errors: r4Errors(o, p) }).toEqual({ p, errors: [] });
    },
  );

  it('covers every vital-signs profile', () => {
    expect(new Set(profiled.map((o) => o.meta!.profile![0]))).toEqual(
      new Set(Object.values(VITAL_SIGNS_PROFILES).filter((p) => p !== VITAL_SIGNS_PROFILES.vitalSigns)),
    );
  });

  it('validates search and collection Bundles holding every resource type', () => {
    const all = [...others.filter((r) => r.resourceType !== 'OperationOutcome'), ...observations];
    const searchset = searchsetBundle(
      all.map((resource) => ({ resource, mode: 'match' as const })),
      {
        base,
        self: `${base}/Observation?patient=p-1001`,
        next: `${base}/Observation?patient=p-1001&_getpages=x`,
        timestamp: '2026-01-10T10:00:00.000Z',
      },
    );
    expect(r4Errors(searchset)).toEqual([]);
    expect(r4Errors(collectionBundle(base, all, '2026-01-10T10:00:00.000Z'))).toEqual([]);
  });

  it('is not vacuous: a panel without diastolic, with a bad date or an unknown element fails', () => {
    const [panel] = readingObservations('p-1001', reading(['bp-systolic', 'bp-mean']));
    const checks = profileChecks(VITAL_SIGNS_PROFILES.bloodPressure);
    expect(checks.some((p) => r4Errors(panel!, p).length > 0)).toBe(true);
    expect(r4Errors({ ...panel!, effectiveDateTime: 'yesterday' })).not.toEqual([]);
    expect(r4Errors({ ...panel!, colour: 'red' } as unknown as Observation)).not.toEqual([]);
  });

  it("needs the bp workaround: Medplum fails even the R4 specification's own blood-pressure example on `bp`", () => {
    const loinc = (code: string) => ({ coding: [{ system: SYSTEMS.loinc, code }] });
    const mmHg = (value: number) => ({ value, unit: 'mmHg', system: SYSTEMS.ucum, code: 'mm[Hg]' });
    const example: Observation = {
      resourceType: 'Observation',
      status: 'final',
      category: [{ coding: [{ system: SYSTEMS.observationCategory, code: 'vital-signs' }] }],
      code: loinc('85354-9'),
      subject: { reference: 'Patient/example' },
      effectiveDateTime: '2012-09-17',
      component: [
        { code: loinc('8480-6'), valueQuantity: mmHg(107) },
        { code: loinc('8462-4'), valueQuantity: mmHg(60) },
      ],
    };
    // If this starts passing, validate panels against `bp` itself (test/r4-validator.ts profileChecks).
    expect(r4Errors(example, VITAL_SIGNS_PROFILES.bloodPressure)).not.toEqual([]);
    for (const p of profileChecks(VITAL_SIGNS_PROFILES.bloodPressure))
      expect(r4Errors(example, p)).toEqual([]);
  });
});
