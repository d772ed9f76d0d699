import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { PATIENT_ID_PATTERN, type LatestVitalsResponse } from '@openward/contracts';
import { safeEqual } from '@openward/credentials';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { InvalidQueryError, type StoredDeadLetter, type VitalsStore } from '../store/vitals-store.js';
import { routeHistory } from './history-routes.js';
import { sendJson, sendProblem } from './problem.js';

export interface HttpDeps {
  host: string;
  port: number;
  serviceToken: string;
  store: VitalsStore;
  metricsRegistry: Registry;
  logger: Logger;
  /** Readiness checks by name (DESIGN.md §9). */
  readiness: () => Record<string, boolean>;
  /** Observes a history query's duration by route (DESIGN.md §12.11). */
  observeQuery?: (route: string, seconds: number) => void;
}

/** Wire shape of `GET /internal/v1/dead-letters`. */
export interface DeadLetterDto {
  id: number;
  receivedAt: string;
  clientId: string;
  topic: string;
  code: string;
  message: string;
  payloadBase64: string;
  payloadBytes: number;
}

export const DEAD_LETTER_LIMIT_MAX = 1000;

const toDto = (d: StoredDeadLetter): DeadLetterDto => ({
  id: d.id,
  receivedAt: new Date(d.receivedAtMs).toISOString(),
  clientId: d.clientId,
  topic: d.topic,
  code: d.code,
  message: d.message,
  payloadBase64: Buffer.from(d.payload).toString('base64'),
  payloadBytes: d.payload.byteLength,
});

/** Health, readiness, metrics and the bearer-protected internal read API, on node:http. */
export async function startHttpServer(deps: HttpDeps): Promise<Server> {
  const server = createServer((req, res) => {
    route(deps, req, res).catch((err: unknown) => {
      // The parsers validate everything a store refuses; should one slip through, it is still a 400.
      if (err instanceof InvalidQueryError && !res.headersSent)
        return sendProblem(res, 'BAD_REQUEST', err.message);
      deps.logger.error({ err, path: req.url?.split('?')[0] }, 'http handler failed');
      if (!res.headersSent) sendProblem(res, 'STORE_UNAVAILABLE');
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(deps.port, deps.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

function authorized(req: IncomingMessage, token: string): boolean {
  const h = req.headers.authorization ?? '';
  return h.startsWith('Bearer ') && safeEqual(h.slice(7), token);
}

async function route(deps: HttpDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://ingest.invalid');
  const path = url.pathname;
  if (req.method !== 'GET' && !(req.method === 'POST' && path === '/internal/v1/latest')) {
    return sendProblem(res, 'METHOD_NOT_ALLOWED');
  }

  if (path === '/health') return sendJson(res, 200, { status: 'ok' });
  if (path === '/ready') {
    const checks = deps.readiness();
    const ready = Object.values(checks).every(Boolean);
    return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not-ready', checks });
  }
  if (path === '/metrics') {
    const body = await deps.metricsRegistry.metrics();
    res.writeHead(200, { 'content-type': deps.metricsRegistry.contentType });
    res.end(body);
    return;
  }
  if (!path.startsWith('/internal/')) return sendProblem(res, 'NOT_FOUND');
  // Every internal route is guarded; nothing below this line is public.
  if (!authorized(req, deps.serviceToken)) return sendProblem(res, 'UNAUTHORIZED');
  if (await routeHistory(deps, req, res, url)) return;

  const latest = /^\/internal\/v1\/patients\/([^/]+)\/latest$/.exec(path);
  if (latest) {
    const patientId = decodeURIComponent(latest[1] ?? '');
    if (!PATIENT_ID_PATTERN.test(patientId)) return sendProblem(res, 'BAD_REQUEST', 'invalid patient id');
    const body: LatestVitalsResponse = { patientId, vitals: await deps.store.latest(patientId) };
    return sendJson(res, 200, body);
  }
  if (path === '/internal/v1/dead-letters') {
    const raw = url.searchParams.get('limit') ?? '50';
    const limit = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!(limit >= 1 && limit <= DEAD_LETTER_LIMIT_MAX)) {
      return sendProblem(res, 'BAD_REQUEST', `limit must be 1..${DEAD_LETTER_LIMIT_MAX}`);
    }
    const letters = await deps.store.deadLetters(limit);
    return sendJson(res, 200, { deadLetters: letters.map(toDto) });
  }
  return sendProblem(res, 'NOT_FOUND');
}
