import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { problemSchema, readingsResponseSchema, seriesResponseSchema } from '@openward/contracts';
import { SYSTEMS, type Bundle, type Device, type Observation, type OperationOutcome } from '@openward/fhir';
import { DEMO_PATIENT_USERS, freePort } from '@openward/testing';
import { and, eq } from 'drizzle-orm';
import { Database } from '../src/database/database.js';
import { auditEvents } from '../src/database/schema.js';
import { adaHistory, DAY_MS, reading, T0 } from './fhir-fixtures.js';
import { IngestStandIn, login, startApi, type RunningApi } from './harness.js';

/**
 * FHIR R4 at /fhir/R4 and the vitals history REST routes through real HTTP, over the seeded demo world, with
 * ingest's history API served by the IngestStandIn. (Validation against the R4 specification: fhir-validation.)
 */

const SERVICE_TOKEN = 'fhir-int-service-token-0123456789abcdef';
const FHIR_JSON = /^application\/fhir\+json; charset=utf-8$/;

let api: RunningApi;
let ingest: IngestStandIn;
let nurse: string;
let clinician: string;
let admin: string;
let patient: string;

beforeAll(async () => {
  ingest = new IngestStandIn(SERVICE_TOKEN);
  await ingest.start();
  ingest.history.set('p-1001', adaHistory());
  ingest.history.set('p-1003', reading('c0:ff:ee:00:10:03', '2A37', T0, [['heart-rate', 88]]));
  api = await startApi({
    ingestUrl: ingest.url,
    serviceToken: SERVICE_TOKEN,
    ingestMqttUrl: `mqtt://127.0.0.1:${await freePort()}`,
  });
  nurse = (await login(api.baseUrl, 'nurse', 'nurse-demo-pass')).accessToken;
  clinician = (await login(api.baseUrl, 'clinician', 'clinician-demo-pass')).accessToken;
  admin = (await login(api.baseUrl, 'admin', 'admin-demo-pass')).accessToken;
  const p = DEMO_PATIENT_USERS[0];
  patient = (await login(api.baseUrl, p.username, p.password)).accessToken;
});

afterAll(async () => {
  await api?.close();
  await ingest?.stop();
});

async function get(path: string, token?: string): Promise<Response> {
  return fetch(path.startsWith('http') ? path : `${api.baseUrl}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

async function fhir<T>(path: string, token: string | undefined, status = 200): Promise<T> {
  const res = await get(path, token);
  const body = (await res.json()) as T;
  expect({ path, status: res.status }).toEqual({ path, status });
  expect(res.headers.get('content-type')).toMatch(FHIR_JSON);
  return body;
}

/** The OpenWard code of an OperationOutcome answer, after checking its status and content type. */
async function outcomeCode(
  path: string,
  token: string | undefined,
  status: number,
): Promise<string | undefined> {
  const o = await fhir<OperationOutcome>(path, token, status);
  expect(o.resourceType).toBe('OperationOutcome');
  const coding = o.issue[0]?.details?.coding?.[0];
  expect(coding?.system).toBe(SYSTEMS.openwardError);
  return coding?.code;
}

const next = (b: Bundle): string | undefined => b.link?.find((l) => l.relation === 'next')?.url;
const resources = <T>(b: Bundle): T[] => (b.entry ?? []).map((e) => e.resource as T);

function auditRows(action: string, patientId: string) {
  return api.app
    .get(Database)
    .db.select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.patientId, patientId)));
}

describe('FHIR R4 endpoint', () => {
  it('serves the CapabilityStatement without a token, as application/fhir+json', async () => {
    const cs = await fhir<{ resourceType: string; fhirVersion: string; format: string[] }>(
      '/fhir/R4/metadata',
      undefined,
    );
    expect(cs).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1', format: ['json'] });
    expect((await get('/fhir/R4/metadata?_format=json')).status).toBe(200);
  });

  it('answers 401 as an OperationOutcome without a token, and 406 for a non-JSON _format', async () => {
    expect(await outcomeCode('/fhir/R4/Patient/p-1001', undefined, 401)).toBe('UNAUTHENTICATED');
    expect(await outcomeCode('/fhir/R4/Patient/p-1001?_format=xml', nurse, 406)).toBe('FHIR_NOT_ACCEPTABLE');
  });

  it('reads a patient of the care team, refuses another team’s patient with 403, and audits both', async () => {
    const p = await fhir<{ resourceType: string; id: string; name: unknown[] }>(
      '/fhir/R4/Patient/p-1001',
      nurse,
    );
    expect(p).toMatchObject({ resourceType: 'Patient', id: 'p-1001' });
    expect(await outcomeCode('/fhir/R4/Patient/p-1003', nurse, 403)).toBe('PATIENT_FORBIDDEN');
    expect(await outcomeCode('/fhir/R4/Patient/no-such-patient', nurse, 404)).toBe('PATIENT_NOT_FOUND');
    expect((await auditRows('fhir.read', 'p-1001')).some((r) => r.outcome === 'allowed')).toBe(true);
    expect((await auditRows('fhir.read', 'p-1003')).some((r) => r.outcome === 'denied')).toBe(true);
  });

  it('lets a patient read only their own record', async () => {
    expect((await fhir<{ id: string }>('/fhir/R4/Patient/p-1001', patient)).id).toBe('p-1001');
    expect(await outcomeCode('/fhir/R4/Patient/p-1002', patient, 403)).toBe('PATIENT_FORBIDDEN');
  });

  it('finds only the patients the caller may see', async () => {
    const all = await fhir<Bundle>('/fhir/R4/Patient', nurse);
    expect(all).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 2 });
    expect(resources<{ id: string }>(all).map((p) => p.id)).toEqual(['p-1001', 'p-1002']);
    const other = await fhir<Bundle>('/fhir/R4/Patient?_id=p-1003', nurse);
    expect(other.entry ?? []).toEqual([]);
    const self = await fhir<Bundle>('/fhir/R4/Patient', patient);
    expect(resources<{ id: string }>(self).map((p) => p.id)).toEqual(['p-1001']);
    const paged = await fhir<Bundle>('/fhir/R4/Patient?_count=1', clinician);
    expect(resources<{ id: string }>(paged).map((p) => p.id)).toEqual(['p-1001']);
    const second = await fhir<Bundle>(next(paged)!, clinician);
    expect(resources<{ id: string }>(second).map((p) => p.id)).toEqual(['p-1002']);
    expect((await fhir<Bundle>('/fhir/R4/Patient', admin)).entry ?? []).toEqual([]);
  });

  it('reads a staff member as a Practitioner, for staff only', async () => {
    const pr = await fhir<{ resourceType: string; id: string }>('/fhir/R4/Practitioner/u-clinician', nurse);
    expect(pr).toMatchObject({ resourceType: 'Practitioner', id: 'u-clinician' });
    expect(await outcomeCode('/fhir/R4/Practitioner/u-clinician', patient, 403)).toBe('ROLE_FORBIDDEN');
    expect(await outcomeCode('/fhir/R4/Practitioner/u-patient-1001', nurse, 404)).toBe('FHIR_NOT_FOUND');
  });
});

describe('Observation search', () => {
  const window = `date=ge2026-01-10&date=lt2026-01-13`;

  it('pages through every Observation of the range with next links, never splitting a reading', async () => {
    let url: string | undefined = `/fhir/R4/Observation?patient=p-1001&${window}&_count=7`;
    const seen: Observation[] = [];
    let pages = 0;
    while (url) {
      const b: Bundle = await fhir<Bundle>(url, nurse);
      expect(b.type).toBe('searchset');
      expect(b.entry?.length ?? 0).toBeLessThanOrEqual(7);
      seen.push(...resources<Observation>(b));
      url = next(b);
      pages++;
      expect(pages).toBeLessThan(20);
    }
    // 48 heart-rate + 8 BP panels + 8 cuff pulses; the battery level (subject: the device) is not the patient's.
    expect(seen).toHaveLength(64);
    expect(new Set(seen.map((o) => o.id)).size).toBe(64);
    const times = seen.map((o) => Date.parse(o.effectiveDateTime!));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const panels = seen.filter((o) => o.code.coding?.some((c) => c.code === '85354-9'));
    expect(panels).toHaveLength(8);
    expect(panels.every((p) => p.component?.length === 3)).toBe(true);
  });

  it('filters by code (LOINC panel, MDC) and date, and echoes the applied parameters in the self link', async () => {
    const bp = await fhir<Bundle>(
      `/fhir/R4/Observation?patient=p-1001&code=http://loinc.org|85354-9&${window}`,
      nurse,
    );
    expect(resources<Observation>(bp)).toHaveLength(8);
    expect(bp.link?.[0]?.url).toContain('code=http%3A%2F%2Floinc.org%7C85354-9');
    const cuffPulse = await fhir<Bundle>(
      `/fhir/R4/Observation?patient=Patient/p-1001&code=urn:iso:std:iso:11073:10101|149546&${window}`,
      nurse,
    );
    expect(resources<Observation>(cuffPulse)).toHaveLength(8);
    const day = await fhir<Bundle>('/fhir/R4/Observation?patient=p-1001&date=2026-01-10&code=8867-4', nurse);
    // 2026-01-10 from 08:00: 16 hourly heart rates and 3 cuff pulses (08:00, 14:00, 20:00).
    expect(resources<Observation>(day)).toHaveLength(19);
  });

  it('reads one Observation by the id a search returned', async () => {
    const b = await fhir<Bundle>(
      `/fhir/R4/Observation?patient=p-1001&code=85354-9&${window}&_count=1`,
      nurse,
    );
    const first = resources<Observation>(b)[0]!;
    const read = await fhir<Observation>(`/fhir/R4/Observation/${first.id}`, nurse);
    expect(read).toEqual(first);
  });

  it('refuses another team’s patient (403) and bad parameters (400) as OperationOutcome', async () => {
    expect(await outcomeCode('/fhir/R4/Observation?patient=p-1003', nurse, 403)).toBe('PATIENT_FORBIDDEN');
    const b = await fhir<Bundle>('/fhir/R4/Observation?patient=p-1003&_count=1', clinician);
    expect(resources<Observation>(b)).toHaveLength(1);
    const id = resources<Observation>(b)[0]!.id!;
    expect(await outcomeCode(`/fhir/R4/Observation/${id}`, nurse, 403)).toBe('PATIENT_FORBIDDEN');
    expect(await outcomeCode('/fhir/R4/Observation', nurse, 400)).toBe('FHIR_PATIENT_REQUIRED');
    expect(await outcomeCode('/fhir/R4/Observation?patient=p-1001&date=ne2026-01-10', nurse, 400)).toBe(
      'FHIR_BAD_PARAMETER',
    );
    expect(await outcomeCode('/fhir/R4/Observation?patient=p-1001&date=yesterday', nurse, 400)).toBe(
      'FHIR_BAD_PARAMETER',
    );
    expect(await outcomeCode('/fhir/R4/Observation?patient=p-1001&_count=0', nurse, 400)).toBe(
      'FHIR_BAD_PARAMETER',
    );
    expect(await outcomeCode('/fhir/R4/Observation?patient=p-1001&_getpages=forged', nurse, 400)).toBe(
      'FHIR_BAD_CURSOR',
    );
    expect(await outcomeCode('/fhir/R4/Observation/not-an-observation', nurse, 404)).toBe('FHIR_NOT_FOUND');
  });

  it('does not let a page cursor of one patient open another patient', async () => {
    const b = await fhir<Bundle>(`/fhir/R4/Observation?patient=p-1001&${window}&_count=2`, clinician);
    const cursor = new URL(next(b)!).searchParams.get('_getpages')!;
    expect(await outcomeCode(`/fhir/R4/Observation?patient=p-1003&_getpages=${cursor}`, clinician, 400)).toBe(
      'FHIR_BAD_CURSOR',
    );
  });

  it('answers unsupported resource types and interactions with 404 FHIR_UNSUPPORTED', async () => {
    expect(await outcomeCode('/fhir/R4/Medication', nurse, 404)).toBe('FHIR_UNSUPPORTED');
    expect(await outcomeCode('/fhir/R4/Encounter/e-1', nurse, 404)).toBe('FHIR_UNSUPPORTED');
    expect(await outcomeCode('/fhir/R4/Patient/p-1001/_history', nurse, 404)).toBe('FHIR_UNSUPPORTED');
  });
});

describe('Device and Patient/$everything', () => {
  it('lists a patient’s devices with the gateway included, and reads each', async () => {
    const b = await fhir<Bundle>('/fhir/R4/Device?patient=p-1001', nurse);
    const matches = (b.entry ?? [])
      .filter((e) => e.search?.mode === 'match')
      .map((e) => e.resource as Device);
    const includes = (b.entry ?? [])
      .filter((e) => e.search?.mode === 'include')
      .map((e) => e.resource as Device);
    expect(matches.map((d) => d.id)).toEqual(['c0.ff.ee.00.10.01', 'c0.ff.ee.00.10.04', 'c0.ff.ee.00.10.05']);
    expect(matches[0]).toMatchObject({
      identifier: [{ system: SYSTEMS.bluetoothMac, value: 'C0-FF-EE-00-10-01' }],
      patient: { reference: 'Patient/p-1001' },
    });
    expect(includes.map((d) => d.id)).toEqual(['gw-demo-home-1']);
    expect((await fhir<Device>('/fhir/R4/Device/c0.ff.ee.00.10.05', nurse)).id).toBe('c0.ff.ee.00.10.05');
    expect((await fhir<Device>('/fhir/R4/Device/gw-demo-home-1', nurse)).type?.coding?.[0]?.code).toBe(
      '531981',
    );
    expect(await outcomeCode('/fhir/R4/Device/c0.ff.ee.00.10.03', nurse, 403)).toBe('PATIENT_FORBIDDEN');
    expect(await outcomeCode('/fhir/R4/Device/c0.ff.ee.99.99.99', nurse, 404)).toBe('FHIR_NOT_FOUND');
    expect(await outcomeCode('/fhir/R4/Device?patient=p-1003', nurse, 403)).toBe('PATIENT_FORBIDDEN');
  });

  it('returns the patient, devices and Observations (device status included) on paged $everything', async () => {
    const first = await fhir<Bundle>(
      '/fhir/R4/Patient/p-1001/$everything?start=2026-01-10&end=2026-01-12&_count=50',
      nurse,
    );
    const types = resources<{ resourceType: string }>(first).map((r) => r.resourceType);
    expect(types.slice(0, 5)).toEqual(['Patient', 'Device', 'Device', 'Device', 'Device']);
    let total = types.filter((t) => t === 'Observation').length;
    let url = next(first);
    while (url) {
      const page = await fhir<Bundle>(url, nurse);
      expect(resources<{ resourceType: string }>(page).every((r) => r.resourceType === 'Observation')).toBe(
        true,
      );
      total += page.entry?.length ?? 0;
      url = next(page);
    }
    // end=2026-01-12 covers that whole day: all 64 patient Observations and the battery level.
    expect(total).toBe(65);
    expect(await outcomeCode('/fhir/R4/Patient/p-1003/$everything', nurse, 403)).toBe('PATIENT_FORBIDDEN');
  });
});

describe('vitals history REST routes', () => {
  it('pages raw readings and serves chart series for a permitted patient', async () => {
    const q = `from=2026-01-10T00:00:00Z&to=${new Date(T0 + DAY_MS).toISOString()}&metric=heart-rate&limit=10`;
    const res = await get(`/api/patients/p-1001/observations?${q}`, nurse);
    expect(res.status).toBe(200);
    const page = readingsResponseSchema.parse(await res.json());
    expect(page.points).toHaveLength(10);
    expect(page.next).not.toBeNull();
    const rest = readingsResponseSchema.parse(
      await (await get(`/api/patients/p-1001/observations?${q}&cursor=${page.next}`, nurse)).json(),
    );
    expect(rest.points[0]!.measuredAt > page.points[9]!.measuredAt).toBe(true);
    const series = await get(
      '/api/patients/p-1001/series?metric=heart-rate&from=2026-01-10T00:00:00Z&to=2026-01-11T00:00:00Z&bucket=3600',
      nurse,
    );
    expect(series.status).toBe(200);
    expect(seriesResponseSchema.parse(await series.json()).buckets).toHaveLength(16);
    expect((await auditRows('observations.read', 'p-1001')).length).toBeGreaterThanOrEqual(3);
  });

  it('refuses another team’s patient and bad parameters as problem+json', async () => {
    const q = 'from=2026-01-10T00:00:00Z&to=2026-01-11T00:00:00Z';
    const forbidden = await get(`/api/patients/p-1003/observations?${q}`, nurse);
    expect(forbidden.status).toBe(403);
    expect(problemSchema.parse(await forbidden.json()).code).toBe('PATIENT_FORBIDDEN');
    const reversed = await get(
      '/api/patients/p-1001/observations?from=2026-01-11T00:00:00Z&to=2026-01-10T00:00:00Z',
      nurse,
    );
    expect(problemSchema.parse(await reversed.json()).code).toBe('OBSERVATION_BAD_RANGE');
    const badCursor = await get(`/api/patients/p-1001/observations?${q}&cursor=forged`, nurse);
    expect(badCursor.status).toBe(400);
    expect(problemSchema.parse(await badCursor.json()).code).toBe('OBSERVATION_BAD_CURSOR');
    const tooMany = await get(
      '/api/patients/p-1001/series?metric=spo2&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&bucket=1',
      nurse,
    );
    expect(problemSchema.parse(await tooMany.json()).code).toBe('OBSERVATION_TOO_MANY_BUCKETS');
    const unknownMetric = await get(`/api/patients/p-1001/observations?${q}&metric=mood`, nurse);
    expect(problemSchema.parse(await unknownMetric.json()).code).toBe('BAD_REQUEST');
  });
});
