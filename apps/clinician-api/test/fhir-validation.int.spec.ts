import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Bundle, FhirResource, Observation } from '@openward/fhir';
import { freePort } from '@openward/testing';
import { adaHistory, reading, T0 } from './fhir-fixtures.js';
import { profileChecks, r4Errors } from '@openward/fhir/validation';
import { IngestStandIn, login, startApi, type RunningApi } from './harness.js';

/**
 * Every resource type the API serves over HTTP (FHIR endpoint and GDPR export), validated offline against the
 * FHIR R4 specification, and each Observation against the vital-signs profile it claims (`@openward/fhir/validation`).
 */

const SERVICE_TOKEN = 'fhir-validation-service-token-0123456789ab';

let api: RunningApi;
let ingest: IngestStandIn;
let nurse: string;

beforeAll(async () => {
  ingest = new IngestStandIn(SERVICE_TOKEN);
  await ingest.start();
  ingest.history.set('p-1001', [
    ...adaHistory(),
    ...reading('c0:ff:ee:00:10:04', '2A5E', T0 + 30_000, [
      ['spo2', 96],
      ['pulse-rate', 71],
    ]),
  ]);
  api = await startApi({
    ingestUrl: ingest.url,
    serviceToken: SERVICE_TOKEN,
    ingestMqttUrl: `mqtt://127.0.0.1:${await freePort()}`,
  });
  nurse = (await login(api.baseUrl, 'nurse', 'nurse-demo-pass')).accessToken;
});

afterAll(async () => {
  await api?.close();
  await ingest?.stop();
});

async function body<T>(path: string): Promise<T> {
  const res = await fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${nurse}` } });
  return (await res.json()) as T;
}

const profileOf = (o: Observation): string | undefined => o.meta?.profile?.[0];

describe('FHIR answers validate against R4', () => {
  it.each([
    '/fhir/R4/metadata',
    '/fhir/R4/Patient/p-1001',
    '/fhir/R4/Patient?_count=5',
    '/fhir/R4/Practitioner/u-clinician',
    '/fhir/R4/Device/c0.ff.ee.00.10.05',
    '/fhir/R4/Device/gw-demo-home-1',
    '/fhir/R4/Device?patient=p-1001',
    '/fhir/R4/Observation?patient=p-1001&_count=40',
    '/fhir/R4/Patient/p-1001/$everything?_count=40',
    '/fhir/R4/Patient/p-1003',
    '/fhir/R4/Observation?patient=p-1001&date=ne2026',
    '/fhir/R4/Medication',
    '/api/patients/p-1001/export',
  ])('%s', async (path) => {
    const resource = await body<FhirResource>(path);
    expect(r4Errors(resource)).toEqual([]);
  });

  it('validates every Observation against its vital-signs profile (bp panel, heart rate, SpO2)', async () => {
    const b = await body<Bundle>('/fhir/R4/Observation?patient=p-1001&_count=1000');
    const observations = (b.entry ?? []).map((e) => e.resource as Observation);
    const profiled = observations.filter((o) => profileOf(o) !== undefined);
    expect(new Set(profiled.map(profileOf))).toEqual(
      new Set([
        'http://hl7.org/fhir/StructureDefinition/bp',
        'http://hl7.org/fhir/StructureDefinition/heartrate',
        'http://hl7.org/fhir/StructureDefinition/oxygensat',
      ]),
    );
    for (const o of profiled) {
      for (const p of profileChecks(profileOf(o) ?? '')) {
        expect({ id: o.id, p, errors: r4Errors(o, p) }).toEqual({ id: o.id, p, errors: [] });
      }
    }
  });
});
