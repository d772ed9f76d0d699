/**
 * ingest's history routes for the IngestStandIn (contracts history.ts; the real handlers are
 * apps/ingest/src/http/history-routes.ts): `GET /internal/v1/patients/{id}/readings` and `/series` over points
 * a test puts in a map. Ordering, half-open ranges, limits and the 400 problem codes follow ingest; the cursor
 * format (`si.<index>`) is the stand-in's own (cursors are opaque to the API).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  EXPORT_DEFAULT_LIMIT,
  EXPORT_MAX_LIMIT,
  METRIC_NAMES,
  type ExportPoint,
  type HistoryErrorCode,
  type ReadingsResponse,
  type SeriesResponse,
} from '@openward/contracts';

function problem(res: ServerResponse, code: HistoryErrorCode): true {
  res
    .writeHead(400, { 'content-type': 'application/problem+json' })
    .end(JSON.stringify({ type: `urn:test:${code}`, title: code, status: 400, code }));
  return true;
}

const ordered = (a: ExportPoint, b: ExportPoint): number =>
  Date.parse(a.measuredAt) - Date.parse(b.measuredAt) ||
  (a.readingId < b.readingId ? -1 : a.readingId > b.readingId ? 1 : 0) ||
  a.idx - b.idx;

/** Answers a history route and returns true, or returns false for any other request. */
export function serveHistory(
  points: ReadonlyMap<string, readonly ExportPoint[]>,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  const url = new URL(req.url ?? '/', 'http://stand-in');
  const m = /^\/internal\/v1\/patients\/([^/]+)\/(readings|series)$/.exec(url.pathname);
  if (req.method !== 'GET' || !m) return false;
  const patientId = decodeURIComponent(m[1]!);
  const q = url.searchParams;
  const fromMs = Date.parse(q.get('from') ?? '');
  const toMs = Date.parse(q.get('to') ?? '');
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) return problem(res, 'BAD_TIME');
  if (fromMs > toMs) return problem(res, 'BAD_RANGE');
  const metric = q.get('metric');
  if (metric !== null && !(METRIC_NAMES as readonly string[]).includes(metric))
    return problem(res, 'UNKNOWN_METRIC');
  const selected = (points.get(patientId) ?? [])
    .filter((p) => {
      const t = Date.parse(p.measuredAt);
      return t >= fromMs && t < toMs && (metric === null || p.metric === metric);
    })
    .sort(ordered);
  if (m[2] === 'readings') {
    const limit = Number(q.get('limit') ?? EXPORT_DEFAULT_LIMIT);
    if (!Number.isInteger(limit) || limit < 1 || limit > EXPORT_MAX_LIMIT) return problem(res, 'BAD_LIMIT');
    const after = q.get('after');
    if (after !== null && !/^si\.\d+$/.test(after)) return problem(res, 'BAD_CURSOR');
    const start = after === null ? 0 : Number(after.slice(3));
    const page = selected.slice(start, start + limit);
    const end = start + page.length;
    const body: ReadingsResponse = {
      patientId,
      points: page,
      next: end < selected.length ? `si.${end}` : null,
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    return true;
  }
  if (metric === null) return problem(res, 'UNKNOWN_METRIC');
  const bucketMs = Number(q.get('bucket')) * 1000;
  if (!Number.isInteger(bucketMs) || bucketMs < 1000) return problem(res, 'BAD_BUCKET');
  const buckets = new Map<number, number[]>();
  for (const p of selected) {
    const b = Math.floor(Date.parse(p.measuredAt) / bucketMs) * bucketMs;
    buckets.set(b, [...(buckets.get(b) ?? []), p.value]);
  }
  const body: SeriesResponse = {
    patientId,
    metric: metric as SeriesResponse['metric'],
    from: new Date(Math.floor(fromMs / bucketMs) * bucketMs).toISOString(),
    to: new Date(Math.ceil(toMs / bucketMs) * bucketMs).toISOString(),
    bucketSeconds: bucketMs / 1000,
    source: 'raw',
    unit: selected[0]?.unit ?? null,
    buckets: [...buckets.entries()].map(([start, v]) => ({
      start: new Date(start).toISOString(),
      min: Math.min(...v),
      max: Math.max(...v),
      mean: v.reduce((a, b) => a + b, 0) / v.length,
      count: v.length,
    })),
  };
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  return true;
}
