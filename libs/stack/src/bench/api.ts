#!/usr/bin/env node
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import mqtt from 'mqtt';
import { encodeReading, readingId, topics, type ReadingV1 } from '@openward/contracts';
import { DEFAULT_SCRYPT, hashSecret, verifySecret } from '@openward/credentials';
import {
  DEMO_GATEWAY_ID,
  DEMO_STAFF,
  fmt,
  machine,
  summarize,
  writeSection,
  type Summary,
} from '@openward/testing';
import { workspaceRoot } from '../paths.js';
import { Stack } from '../stack.js';
import { BenchApi } from './api-client.js';

/**
 * Clinician API benchmark (issue 6): the nurse worklist for 1,000 patients with their latest vitals, a FHIR
 * Observation search over one patient's 30 days, sign-in throughput with the production password-hash cost,
 * and the API's memory. Everything runs as real processes (ingest with aedes + DuckDB, the API on PGlite);
 * the world is created through the admin API and the readings arrive over MQTT QoS 1 as from a gateway.
 * Baselines, same run: ingest's own bulk-latest and readings calls for the same data (the floor under the
 * API's answer), and in-process scrypt verifications (the floor under a sign-in).
 */
const PATIENTS = Number(process.env['BENCH_PATIENTS'] ?? 1000);
const REQUESTS = Number(process.env['BENCH_REQUESTS'] ?? 300);
const DAYS = 30;
const LOGIN_SECONDS = Number(process.env['BENCH_LOGIN_SECONDS'] ?? 15);
const LOGIN_CONCURRENCY = 4;
const BENCH_TEAM = 'team-bench';
const BENCH_NURSE = { username: 'bench-nurse', password: 'worklist-timing-2026!' };

const now = (): number => performance.now();

interface Rss {
  rssMiB: number;
  hwmMiB: number;
}
function rssOf(pid: number): Rss {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (k: string): number => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { rssMiB: kib('VmRSS') / 1024, hwmMiB: kib('VmHWM') / 1024 };
}

/** Sequential requests (one in flight, like one nurse's screen), after a warm-up. */
async function timeSequential(n: number, fn: () => Promise<void>): Promise<Summary> {
  for (let i = 0; i < Math.min(20, n); i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = now();
    await fn();
    samples.push(now() - t0);
  }
  return summarize(samples);
}

/** Publishes readings QoS 1 as the demo gateway, at most `window` unacknowledged. */
async function publishAll(url: string, secret: string, readings: readonly ReadingV1[]): Promise<number> {
  const client = await mqtt.connectAsync(url, {
    clientId: DEMO_GATEWAY_ID,
    username: DEMO_GATEWAY_ID,
    password: secret,
    clean: true,
  });
  const topic = topics.readings(DEMO_GATEWAY_ID);
  const t0 = now();
  const window = 500;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < readings.length) {
      const r = readings[next++];
      if (r) await client.publishAsync(topic, Buffer.from(encodeReading(r)), { qos: 1 });
    }
  };
  await Promise.all(Array.from({ length: window }, worker));
  const ms = now() - t0;
  await client.endAsync();
  return ms;
}

let sequence = 0;
function reading(
  address: string,
  characteristic: string,
  at: number,
  measurements: ReadingV1['measurements'],
): ReadingV1 {
  const iso = new Date(at).toISOString();
  return {
    schema: 'openward.reading/1',
    id: readingId(DEMO_GATEWAY_ID, address, characteristic, at),
    gatewayId: DEMO_GATEWAY_ID,
    device: { address },
    characteristic,
    measuredAt: iso,
    receivedAt: iso,
    clockOffsetMs: 0,
    sequence: sequence++,
    raw: '00',
    measurements,
    decoded: {},
  };
}

const mac = (n: number, kind: number): string => {
  const h = (n + 0x10000 * kind).toString(16).padStart(6, '0');
  return `c0:be:${h.slice(0, 2)}:${h.slice(2, 4)}:${h.slice(4, 6)}:${kind.toString(16).padStart(2, '0')}`;
};

/** One strap and one cuff per patient; the latest vitals are one HR and one BP reading each. */
function worklistReadings(patients: readonly string[], at: number): ReadingV1[] {
  const out: ReadingV1[] = [];
  patients.forEach((_, i) => {
    out.push(
      reading(mac(i, 1), '2A37', at - 60_000 + i, [
        { metric: 'heart-rate', value: 60 + (i % 40), unit: '/min' },
      ]),
    );
    out.push(
      reading(mac(i, 2), '2A35', at - 120_000 + i, [
        { metric: 'bp-systolic', value: 110 + (i % 30), unit: 'mm[Hg]' },
        { metric: 'bp-diastolic', value: 70 + (i % 15), unit: 'mm[Hg]' },
        { metric: 'pulse-rate', value: 62 + (i % 30), unit: '/min' },
      ]),
    );
  });
  return out;
}

/** 30 days of one patient: heart rate every minute, BP four times a day. */
function monthReadings(index: number, end: number): ReadingV1[] {
  const out: ReadingV1[] = [];
  const start = end - DAYS * 86_400_000 + 3_600_000;
  for (let t = start; t < end; t += 60_000) {
    out.push(
      reading(mac(index, 1), '2A37', t, [
        { metric: 'heart-rate', value: 55 + ((t / 60_000) % 50), unit: '/min' },
      ]),
    );
  }
  for (let t = start; t < end; t += 6 * 3_600_000) {
    out.push(
      reading(mac(index, 2), '2A35', t, [
        { metric: 'bp-systolic', value: 128, unit: 'mm[Hg]' },
        { metric: 'bp-diastolic', value: 82, unit: 'mm[Hg]' },
      ]),
    );
  }
  return out;
}

async function signInThroughput(
  api: BenchApi,
): Promise<{ perSecond: number; latency: Summary; failures: number }> {
  const samples: number[] = [];
  let failures = 0;
  const until = now() + LOGIN_SECONDS * 1000;
  const worker = async (): Promise<void> => {
    while (now() < until) {
      const t0 = now();
      const ok = await api.tryLogin(BENCH_NURSE.username, BENCH_NURSE.password);
      samples.push(now() - t0);
      if (!ok) failures++;
    }
  };
  const t0 = now();
  await Promise.all(Array.from({ length: LOGIN_CONCURRENCY }, worker));
  return { perSecond: (samples.length * 1000) / (now() - t0), latency: summarize(samples), failures };
}

async function scryptBaseline(): Promise<number> {
  const hash = await hashSecret(BENCH_NURSE.password, DEFAULT_SCRYPT);
  const until = now() + LOGIN_SECONDS * 1000;
  let n = 0;
  const t0 = now();
  const worker = async (): Promise<void> => {
    while (now() < until) {
      await verifySecret(BENCH_NURSE.password, hash);
      n++;
    }
  };
  await Promise.all(Array.from({ length: LOGIN_CONCURRENCY }, worker));
  return (n * 1000) / (now() - t0);
}

const row = (name: string, s: Summary, base?: Summary): string =>
  `| ${name} | ${s.n} | ${fmt(s.p50)} | ${fmt(s.p90)} | ${fmt(s.p99)} | ${fmt(s.max)} | ${base ? `${(s.p99 / base.p99).toFixed(1)}×` : '—'} |`;

async function main(): Promise<void> {
  console.log(`bench api: ${PATIENTS} patients, ${REQUESTS} requests per case, on ${machine()}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'openward-bench-api-'));
  const stack = await Stack.start({
    dataDir,
    services: ['api', 'ingest'],
    serveDashboard: false,
    env: {
      // The production hash cost (the demo seed and tests lower nothing here), and limits that would
      // otherwise throttle one benchmark client.
      api: {
        API_LOGIN_RATE_PER_MINUTE: '100000',
        API_RATE_LIMIT_PER_MINUTE: '1000000',
        API_LOGIN_RATE_BURST: '100000',
        API_LOGIN_MAX_FAILURES: '100',
      },
      ingest: { INGEST_CLIENT_RATE_PER_SECOND: 'off' },
    },
  });
  try {
    const apiPid = stack.service('api').pid ?? 0;
    const rssBoot = rssOf(apiPid);
    const admin = DEMO_STAFF.find((s) => s.role === 'admin');
    if (!admin) throw new Error('demo world has no admin');
    const api = await BenchApi.signIn(stack.apiUrl, admin.username, admin.password);

    // World: a care team of PATIENTS patients, each with a strap and a cuff on the demo gateway.
    const t0 = now();
    const patients = await api.createWorld({
      team: BENCH_TEAM,
      patients: PATIENTS,
      nurse: BENCH_NURSE,
      gatewayId: DEMO_GATEWAY_ID,
      devices: (i) => [
        { address: mac(i, 1), kind: 'heart-rate-strap' },
        { address: mac(i, 2), kind: 'blood-pressure-cuff' },
      ],
    });
    console.log(`world created through the admin API in ${((now() - t0) / 1000).toFixed(1)} s`);
    await BenchApi.waitForRegistry(stack.apiUrl, stack.secrets.registryFeedToken, stack.ingestUrl);

    const end = Date.now();
    const month = monthReadings(0, end - 3_600_000);
    const latest = worklistReadings(patients, end);
    const mqttUrl = `mqtt://127.0.0.1:${stack.ports.ingestMqtt}`;
    const pubMs = await publishAll(mqttUrl, stack.secrets.gatewaySecret, [...month, ...latest]);
    console.log(
      `${month.length + latest.length} readings published (QoS 1, acked) in ${(pubMs / 1000).toFixed(1)} s`,
    );

    const nurse = await BenchApi.signIn(stack.apiUrl, BENCH_NURSE.username, BENCH_NURSE.password);
    const ingest = { url: stack.ingestUrl, token: stack.secrets.serviceToken };

    const worklistCheck = await nurse.worklist();
    if (worklistCheck.patients !== PATIENTS || worklistCheck.withVitals !== PATIENTS)
      throw new Error(`worklist incomplete: ${JSON.stringify(worklistCheck)}`);
    const baseLatest = await timeSequential(REQUESTS, () => BenchApi.ingestLatest(ingest, patients));
    const worklist = await timeSequential(REQUESTS, async () => {
      await nurse.worklist();
    });
    console.log('worklist', worklist, 'baseline', baseLatest);

    const from = new Date(end - DAYS * 86_400_000).toISOString();
    const to = new Date(end).toISOString();
    const p0 = patients[0] ?? '';
    const firstPage = await nurse.fhirSearch(p0, from, to, 100);
    if (firstPage.entries !== 100) throw new Error(`FHIR search returned ${firstPage.entries} entries`);
    const baseReadings = await timeSequential(REQUESTS, () =>
      BenchApi.ingestReadings(ingest, p0, from, to, 100),
    );
    const fhir = await timeSequential(REQUESTS, async () => {
      await nurse.fhirSearch(p0, from, to, 100);
    });
    const walkT0 = now();
    const walked = await nurse.fhirWalk(p0, from, to, 1000);
    const walkMs = now() - walkT0;
    console.log('fhir', fhir, 'baseline', baseReadings, 'walk', walked, walkMs);

    const rssAfterQueries = rssOf(apiPid);
    const signIn = await signInThroughput(nurse);
    const scrypt = await scryptBaseline();
    const rssEnd = rssOf(apiPid);
    console.log('sign-in', signIn, 'scrypt baseline/s', scrypt, 'rss', rssBoot, rssAfterQueries, rssEnd);

    const verdict = (ok: boolean): string => (ok ? 'meets' : '**MISSES**');
    writeSection(
      join(workspaceRoot(), 'docs', 'benchmarks.md'),
      'api',
      `## Clinician API (\`npm run bench:api\`)

Measured ${new Date().toISOString()} on ${machine()}.
Real processes: ingest (aedes + DuckDB) and the clinician API (PGlite), started by \`libs/stack\`. The world is
created through the admin API: care team \`${BENCH_TEAM}\` with ${PATIENTS} patients, each with a heart-rate
strap and a blood-pressure cuff on the demo gateway, and a nurse of that team. Readings arrive over MQTT QoS 1
as the gateway sends them: the latest HR and BP of every patient, and ${DAYS} days of one patient (HR every
minute, BP four times a day: ${month.length} readings). ${REQUESTS} sequential requests per case after 20
warm-up requests, one client (a nurse's screen). Times in ms. Baselines in the same run: ingest's own
internal calls for the same data, without the API (authentication, care-team filter, audit, mapping).

| case | n | p50 | p90 | p99 | max | p99 ÷ baseline |
|---|---|---|---|---|---|---|
${row(`baseline: ingest POST /internal/v1/latest, ${PATIENTS} ids`, baseLatest)}
${row(`worklist: GET /api/patients?include=latest (${PATIENTS} patients)`, worklist, baseLatest)}
${row('baseline: ingest GET /internal/v1/patients/{id}/readings, 30 days, limit 100', baseReadings)}
${row('FHIR: GET /fhir/R4/Observation?patient&date=ge&date=le&_count=100', fhir, baseReadings)}

- Worklist target p99 ≤ 100 ms: ${verdict(worklist.p99 <= 100)} (p99 ${fmt(worklist.p99)} ms).
- FHIR Observation search target p99 ≤ 200 ms: ${verdict(fhir.p99 <= 200)} (p99 ${fmt(fhir.p99)} ms, first page of 100).
  Walking all pages of the 30 days with \`_count=1000\`: ${walked.pages} pages, ${walked.entries} Observations in ${(walkMs / 1000).toFixed(2)} s.
- Sign-in (\`POST /api/auth/login\`, scrypt N=${DEFAULT_SCRYPT.N}, r=${DEFAULT_SCRYPT.r}, p=${DEFAULT_SCRYPT.p}, ${LOGIN_CONCURRENCY} concurrent clients for ${LOGIN_SECONDS} s):
  ${signIn.perSecond.toFixed(1)} sign-ins/s (p50 ${fmt(signIn.latency.p50)} ms, p99 ${fmt(signIn.latency.p99)} ms, ${signIn.failures} failed);
  baseline in-process \`verifySecret\` with the same cost and concurrency: ${scrypt.toFixed(1)}/s
  (API ÷ baseline ${(signIn.perSecond / scrypt).toFixed(2)}). The hash cost is the point: an offline guess costs the same.
- API memory (VmRSS / peak VmHWM, MiB): after boot ${rssBoot.rssMiB.toFixed(0)}; after the world and the queries
  ${rssAfterQueries.rssMiB.toFixed(0)}; after the sign-in run ${rssEnd.rssMiB.toFixed(0)} (peak ${rssEnd.hwmMiB.toFixed(0)}).`,
    );
    console.log('written to docs/benchmarks.md');
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
