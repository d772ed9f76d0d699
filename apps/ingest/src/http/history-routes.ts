/**
 * Handlers of the history API (DESIGN.md §12.11; wire shapes: contracts `history.ts`). Called by server.ts
 * after the bearer check. Parameters are parsed by the pure parsers in history-params.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  DaysWithDataResponse,
  ExportPoint,
  LatestManyResponse,
  ReadingsResponse,
  SeriesResponse,
} from '@openward/contracts';
import { ceilTo, floorTo } from '../store/rollup.js';
import type { VitalPoint, VitalsStore } from '../store/vitals-store.js';
import {
  parseDaysParams,
  parseLatestBody,
  parseReadingsParams,
  parseSeriesParams,
  type Parsed,
} from './history-params.js';
import { sendJson, sendProblem } from './problem.js';

/** Largest accepted `POST /internal/v1/latest` body (1000 ids of ≤ 64 characters fit in ~70 KiB). */
export const LATEST_BODY_MAX_BYTES = 256 * 1024;

export interface HistoryDeps {
  store: VitalsStore;
  /** Observes a query's duration by route (`ingest_query_seconds`). */
  observeQuery?: (route: string, seconds: number) => void;
}

const iso = (ms: number) => new Date(ms).toISOString();

function toExportPoint(p: VitalPoint): ExportPoint {
  return {
    readingId: p.readingId,
    idx: p.idx,
    metric: p.metric,
    value: p.value,
    unit: p.unit,
    measuredAt: iso(p.measuredAtMs),
    receivedAt: iso(p.receivedAtMs),
    storedAt: iso(p.storedAtMs),
    gatewayId: p.gatewayId,
    deviceAddress: p.deviceAddress,
    characteristic: p.characteristic,
  };
}

async function timed<T>(deps: HistoryDeps, route: string, body: () => Promise<T>): Promise<T> {
  const t = performance.now();
  try {
    return await body();
  } finally {
    deps.observeQuery?.(route, (performance.now() - t) / 1000);
  }
}

function methodNotAllowed(res: ServerResponse): true {
  sendProblem(res, 'METHOD_NOT_ALLOWED');
  return true;
}

function refuse(res: ServerResponse, p: Parsed<unknown>): boolean {
  if (p.ok) return false;
  sendProblem(res, p.code, p.detail);
  return true;
}

/** Routes `path` if it is a history route; returns false otherwise (the caller answers 404/405). */
export async function routeHistory(
  deps: HistoryDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const path = url.pathname;
  const patientRoute = /^\/internal\/v1\/patients\/([^/]+)\/(series|readings)$/.exec(path);
  if (patientRoute) {
    if (req.method !== 'GET') return methodNotAllowed(res);
    const rawId = safeDecode(patientRoute[1] ?? '');
    if (patientRoute[2] === 'series') {
      const q = parseSeriesParams(rawId, url.searchParams);
      if (refuse(res, q) || !q.ok) return true;
      const r = await timed(deps, 'series', () => deps.store.series(q.value));
      const body: SeriesResponse = {
        patientId: q.value.patientId,
        metric: q.value.metric,
        from: iso(floorTo(q.value.fromMs, q.value.bucketMs)),
        to: iso(Math.max(ceilTo(q.value.toMs, q.value.bucketMs), floorTo(q.value.fromMs, q.value.bucketMs))),
        bucketSeconds: q.value.bucketMs / 1000,
        source: r.source,
        unit: r.unit,
        buckets: r.buckets.map((b) => ({
          start: iso(b.startMs),
          min: b.min,
          max: b.max,
          mean: b.mean,
          count: b.count,
        })),
      };
      sendJson(res, 200, body);
      return true;
    }
    const q = parseReadingsParams(rawId, url.searchParams);
    if (refuse(res, q) || !q.ok) return true;
    const page = await timed(deps, 'readings', () => deps.store.exportPoints(q.value));
    const body: ReadingsResponse = {
      patientId: q.value.patientId,
      points: page.points.map(toExportPoint),
      next: page.next,
    };
    sendJson(res, 200, body);
    return true;
  }
  if (path === '/internal/v1/days-with-data') {
    if (req.method !== 'GET') return methodNotAllowed(res);
    const q = parseDaysParams(url.searchParams);
    if (refuse(res, q) || !q.ok) return true;
    const days = await timed(deps, 'days-with-data', () => deps.store.daysWithData(q.value));
    const body: DaysWithDataResponse = {
      from: q.value.from,
      to: q.value.to,
      utcOffsetMinutes: q.value.utcOffsetMinutes,
      days,
    };
    sendJson(res, 200, body);
    return true;
  }
  if (path === '/internal/v1/latest') {
    if (req.method !== 'POST') return methodNotAllowed(res);
    const text = await readBody(req, LATEST_BODY_MAX_BYTES);
    const ids =
      text === null
        ? ({ ok: false, code: 'BAD_BODY', detail: 'body too large' } as const)
        : parseLatestBody(text);
    if (refuse(res, ids) || !ids.ok) return true;
    const latest = await timed(deps, 'latest', () => deps.store.latestMany(ids.value));
    const body: LatestManyResponse = {
      patients: ids.value.map((patientId) => ({ patientId, vitals: latest.get(patientId) ?? [] })),
    };
    sendJson(res, 200, body);
    return true;
  }
  return false;
}

/** `decodeURIComponent` that returns the raw text for malformed escapes (then refused by the id check). */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The request body as UTF-8, or null once it exceeds `max` bytes (the rest is drained, not buffered). */
async function readBody(req: IncomingMessage, max: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooBig = false;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.byteLength;
    if (size > max) tooBig = true;
    if (!tooBig) chunks.push(b);
  }
  return tooBig ? null : Buffer.concat(chunks).toString('utf8');
}
