import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import {
  daysWithDataResponseSchema,
  latestManyResponseSchema,
  problemSchema,
  readingsResponseSchema,
  seriesResponseSchema,
  type ExportPoint,
} from '@openward/contracts';
import { startIngest, type IngestApp } from '../src/app.js';
import type { VitalPoint } from '../src/store/vitals-store.js';
import { DAY, HOUR, MIN, T0, oracleSeries, vp } from './history-oracle.js';
import { TOKEN, makeSnapshot, writeRegistryFile, localConfig } from './fixtures.js';

// The history API over HTTP against the DuckDB store (DESIGN.md §12.11): every route, the bearer check and
// every 400 code. Store semantics are proven by the contract suite; this checks the edge.
const dir = mkdtempSync(join(tmpdir(), 'ingest-queries-'));
const NOW = T0 + 10 * DAY;
let app: IngestApp;
let base: string;
const auth = { authorization: `Bearer ${TOKEN}` };
const written: VitalPoint[] = [];

beforeAll(async () => {
  const registryFile = join(dir, 'registry.json');
  await writeRegistryFile(registryFile, await makeSnapshot(1));
  app = await startIngest(
    localConfig(join(dir, 'data'), registryFile, {
      maintenanceIntervalMs: 86_400_000,
    }),
    pino({ level: 'silent' }),
    { defaultMetrics: false, now: () => NOW },
  );
  base = `http://127.0.0.1:${app.httpPort}`;
  for (let i = 0; i < 120; i++) written.push(vp(T0 + i * 45_000, { value: 60 + (i % 17) }));
  written.push(vp(T0 + DAY + 90 * MIN, { patientId: 'p-2', metric: 'spo2', unit: '%', value: 96 }));
  await app.store.writeBatch(written);
});

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = async (path: string, headers: Record<string, string> = auth) => {
  const res = await fetch(`${base}${path}`, { headers });
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as unknown };
};
const post = async (path: string, body: string, headers: Record<string, string> = auth) => {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body,
  });
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as unknown };
};
const iso = (ms: number) => new Date(ms).toISOString();
const seriesPath = (over: Record<string, string> = {}) =>
  `/internal/v1/patients/p-1/series?${new URLSearchParams({ metric: 'heart-rate', from: iso(T0), to: iso(T0 + 2 * HOUR), bucket: '300', ...over })}`;

describe('history API (HTTP, DuckDB)', () => {
  it('refuses every history route without the service token, or with a wrong one', async () => {
    const paths = [
      seriesPath(),
      `/internal/v1/patients/p-1/readings?from=${iso(T0)}&to=${iso(NOW)}`,
      '/internal/v1/days-with-data?patients=p-1&from=2024-01-01&to=2024-01-30',
    ];
    for (const p of paths) {
      expect((await get(p, {})).status).toBe(401);
      expect((await get(p, { authorization: `Bearer ${'x'.repeat(TOKEN.length)}` })).status).toBe(401);
    }
    expect((await post('/internal/v1/latest', '{"patientIds":["p-1"]}', {})).status).toBe(401);
  });

  it('serves a chart, the same before and after maintenance, and counts query time by route', async () => {
    const before = await get(seriesPath());
    expect(before.status).toBe(200);
    const body = seriesResponseSchema.parse(before.body);
    const expected = oracleSeries(written, {
      patientId: 'p-1',
      metric: 'heart-rate',
      fromMs: T0,
      toMs: T0 + 2 * HOUR,
      bucketMs: 300_000,
    });
    expect(body).toMatchObject({
      patientId: 'p-1',
      metric: 'heart-rate',
      bucketSeconds: 300,
      source: '1m',
      unit: '/min',
    });
    expect(body.buckets).toEqual(
      expected.map((b) => ({ start: iso(b.startMs), min: b.min, max: b.max, mean: b.mean, count: b.count })),
    );
    await app.maintenance.runOnce();
    expect((await app.metrics.rollupBuckets.get()).values[0]?.value).toBeGreaterThan(0);
    expect((await get(seriesPath())).body).toEqual(before.body);
    const hourly = seriesResponseSchema.parse((await get(seriesPath({ bucket: '3600' }))).body);
    expect(hourly.source).toBe('1h');
    expect(hourly.buckets.reduce((n, b) => n + b.count, 0)).toBe(120);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/ingest_query_seconds_count\{route="series"\} [1-9]/);
    expect(metrics).toMatch(/ingest_maintenance_seconds_count [1-9]/);
  });

  it('exports every point once across pages of a keyset cursor', async () => {
    const got: ExportPoint[] = [];
    let after: string | null = null;
    do {
      const qs = new URLSearchParams({
        from: iso(T0),
        to: iso(NOW),
        limit: '50',
        ...(after ? { after } : {}),
      });
      const res = await get(`/internal/v1/patients/p-1/readings?${qs}`);
      expect(res.status).toBe(200);
      const page = readingsResponseSchema.parse(res.body);
      got.push(...page.points);
      after = page.next;
    } while (after);
    expect(got.map((p) => p.readingId)).toEqual(
      written.filter((p) => p.patientId === 'p-1').map((p) => p.readingId),
    );
    expect(got[0]).toMatchObject({ metric: 'heart-rate', measuredAt: iso(T0), unit: '/min', idx: 0 });
  });

  it('counts days with data per patient at a UTC offset, the last date inclusive', async () => {
    const res = await get(
      '/internal/v1/days-with-data?patients=p-1,p-2,p-3&from=2024-01-10&to=2024-01-11&utcOffsetMinutes=-60',
    );
    expect(res.status).toBe(200);
    expect(daysWithDataResponseSchema.parse(res.body)).toEqual({
      from: '2024-01-10',
      to: '2024-01-11',
      utcOffsetMinutes: -60,
      // p-1's first 80 readings (before 01:00 UTC) fall on the 9th local date, outside the range.
      days: [
        { patientId: 'p-1', date: '2024-01-10', readings: 40 },
        { patientId: 'p-2', date: '2024-01-11', readings: 1 },
      ],
    });
  });

  it('returns the latest vitals of many patients in request order, unknown ones empty', async () => {
    const res = await post('/internal/v1/latest', JSON.stringify({ patientIds: ['p-2', 'p-9', 'p-1'] }));
    expect(res.status).toBe(200);
    const body = latestManyResponseSchema.parse(res.body);
    expect(body.patients.map((p) => [p.patientId, p.vitals.map((v) => [v.metric, v.value])])).toEqual([
      ['p-2', [['spo2', 96]]],
      ['p-9', []],
      ['p-1', [['heart-rate', 60 + (119 % 17)]]],
    ]);
    expect((await get('/internal/v1/latest')).status).toBe(405);
  });

  const tooMany = Array.from({ length: 1001 }, (_, i) => `p-${i}`);
  it.each([
    ['a malformed ISO time', seriesPath({ from: '2024-01-10' }), 'BAD_TIME'],
    ['from after to', seriesPath({ from: iso(T0 + 3 * HOUR) }), 'BAD_RANGE'],
    ['more than 50,000 buckets', seriesPath({ bucket: '1', to: iso(T0 + DAY) }), 'TOO_MANY_BUCKETS'],
    ['an unknown metric', seriesPath({ metric: 'happiness' }), 'UNKNOWN_METRIC'],
    ['a bad bucket', seriesPath({ bucket: '-60' }), 'BAD_BUCKET'],
    ['a bad patient id', '/internal/v1/patients/p%201/series?metric=spo2', 'BAD_PATIENT_ID'],
    [
      'a bad cursor',
      `/internal/v1/patients/p-1/readings?from=${iso(T0)}&to=${iso(NOW)}&after=v1.x`,
      'BAD_CURSOR',
    ],
    ['a bad limit', `/internal/v1/patients/p-1/readings?from=${iso(T0)}&to=${iso(NOW)}&limit=0`, 'BAD_LIMIT'],
    [
      'too many patients',
      `/internal/v1/days-with-data?patients=${tooMany.join(',')}&from=2024-01-01&to=2024-01-02`,
      'TOO_MANY_PATIENTS',
    ],
    [
      'a bad offset',
      '/internal/v1/days-with-data?patients=p-1&from=2024-01-01&to=2024-01-02&utcOffsetMinutes=x',
      'BAD_OFFSET',
    ],
  ])('answers %s with a 400 problem', async (_, path, code) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(res.type).toBe('application/problem+json');
    expect(problemSchema.parse(res.body)).toMatchObject({ status: 400, code });
  });

  it.each([
    ['not JSON', 'nope', 'BAD_BODY'],
    ['too many patients', JSON.stringify({ patientIds: tooMany }), 'TOO_MANY_PATIENTS'],
    ['a bad patient id', JSON.stringify({ patientIds: ['p 1'] }), 'BAD_PATIENT_ID'],
    ['a body over 256 KiB', JSON.stringify({ patientIds: ['p-1'], pad: 'x'.repeat(300_000) }), 'BAD_BODY'],
  ])('answers a latest request with %s with a 400 problem', async (_, body, code) => {
    const res = await post('/internal/v1/latest', body);
    expect(res.status).toBe(400);
    expect(problemSchema.parse(res.body)).toMatchObject({ code });
  });
});
