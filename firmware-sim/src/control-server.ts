/**
 * Control HTTP API for tests and benchmarks (node:http, no framework). Errors are JSON `{code, message}`.
 *
 *   GET  /devices                       → DeviceStatus[]
 *   GET  /stats                         → radio and air counters
 *   POST /devices/{address}/notify      {heartRate, rrIntervals?} → {emittedAt, hex}; 409 if nobody subscribed
 *   POST /devices/{address}/auto        {on: boolean}
 *   POST /devices/{address}/range       {inRange: boolean}
 *
 * `rrIntervals` are raw units of 1/1024 s, the same as the decoded 0x2A37 value's `rrIntervals`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Air } from './air.js';
import type { RadioServer } from './radio-server.js';

const MAX_BODY_BYTES = 16 * 1024;

/** Error codes of the control API. */
export const CONTROL_ERROR = {
  BAD_JSON: 'BAD_JSON',
  BAD_REQUEST: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  NOT_SUBSCRIBED: 'NOT_SUBSCRIBED',
  OUT_OF_RANGE: 'OUT_OF_RANGE',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
} as const;
type ControlErrorCode = (typeof CONTROL_ERROR)[keyof typeof CONTROL_ERROR];

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ControlErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, CONTROL_ERROR.PAYLOAD_TOO_LARGE, 'body too large');
    chunks.push(chunk as Buffer);
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, CONTROL_ERROR.BAD_JSON, 'body is not valid JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new HttpError(400, CONTROL_ERROR.BAD_REQUEST, 'body must be a JSON object');
  }
  return json as Record<string, unknown>;
}

function booleanField(body: Record<string, unknown>, name: string): boolean {
  const v = body[name];
  if (typeof v !== 'boolean')
    throw new HttpError(400, CONTROL_ERROR.BAD_REQUEST, `"${name}" must be a boolean`);
  return v;
}

function measurement(body: Record<string, unknown>): { heartRate: number; rrIntervals?: number[] } {
  const { heartRate, rrIntervals } = body;
  if (typeof heartRate !== 'number' || !Number.isInteger(heartRate)) {
    throw new HttpError(400, CONTROL_ERROR.BAD_REQUEST, '"heartRate" must be an integer (bpm)');
  }
  if (rrIntervals === undefined) return { heartRate };
  if (
    !Array.isArray(rrIntervals) ||
    !rrIntervals.every((v) => typeof v === 'number' && Number.isInteger(v))
  ) {
    throw new HttpError(
      400,
      CONTROL_ERROR.BAD_REQUEST,
      '"rrIntervals" must be an array of integers (1/1024 s)',
    );
  }
  return { heartRate, rrIntervals: rrIntervals as number[] };
}

export class ControlServer {
  private readonly server: Server;

  constructor(
    private readonly air: Air,
    private readonly radio: RadioServer,
    private readonly logger: Logger,
  ) {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((err: unknown) => {
        if (err instanceof HttpError) {
          send(res, err.status, { code: err.code, message: err.message });
          return;
        }
        this.logger.error(
          { err: err instanceof Error ? err.message : String(err) },
          'control request failed',
        );
        if (!res.headersSent) send(res, 500, { code: 'INTERNAL', message: 'internal error' });
      });
    });
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const addr = this.server.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/devices') {
      if (req.method !== 'GET') throw new HttpError(405, CONTROL_ERROR.METHOD_NOT_ALLOWED, 'use GET');
      send(res, 200, this.air.devices());
      return;
    }
    if (path === '/stats') {
      if (req.method !== 'GET') throw new HttpError(405, CONTROL_ERROR.METHOD_NOT_ALLOWED, 'use GET');
      send(res, 200, { ...this.radio.stats(), ...this.air.counters });
      return;
    }
    const m = /^\/devices\/([^/]+)\/(notify|auto|range)$/.exec(path);
    if (!m) throw new HttpError(404, CONTROL_ERROR.NOT_FOUND, `no route ${path}`);
    if (req.method !== 'POST') throw new HttpError(405, CONTROL_ERROR.METHOD_NOT_ALLOWED, 'use POST');
    const address = decodeURIComponent(m[1] ?? '').toLowerCase();
    const action = m[2];
    if (!this.air.hasDevice(address))
      throw new HttpError(404, CONTROL_ERROR.NOT_FOUND, `no device ${address}`);
    const body = await readJson(req);

    if (action === 'notify') {
      const r = this.air.notifyNow(address, measurement(body));
      if (r.ok) {
        send(res, 200, { emittedAt: r.emittedAt, hex: r.hex });
        return;
      }
      const status = r.code === 'NOT_SUBSCRIBED' ? 409 : r.code === 'NOT_FOUND' ? 404 : 400;
      throw new HttpError(status, r.code, r.message);
    }
    if (action === 'auto') {
      const on = booleanField(body, 'on');
      this.air.setAuto(address, on);
      send(res, 200, { address, auto: on });
      return;
    }
    const inRange = booleanField(body, 'inRange');
    this.air.setInRange(address, inRange);
    send(res, 200, { address, inRange });
  }
}
