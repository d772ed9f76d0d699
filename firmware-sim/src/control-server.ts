/**
 * Control HTTP API for tests and benchmarks (node:http, no framework). Errors are JSON `{code, message}`.
 *
 *   GET  /devices                       → device status list (kind, scenario, battery, clock, faults…)
 *   GET  /stats                         → radio and air counters
 *   POST /devices/{address}/notify      {heartRate, rrIntervals?} → {emittedAt, hex}; 409 if nobody subscribed
 *                                       (heart-rate straps)
 *   POST /devices/{address}/auto        {on: boolean}: pauses/resumes periodic notifications and measurements
 *   POST /devices/{address}/range       {inRange: boolean}
 *   POST /devices/{address}/measure     {…overrides} → {measuredAt, subscribed, notifications[{characteristic,
 *                                       hex}], summary}; 409 BUSY while a previous one is still being sent.
 *                                       Overrides: oximeter spo2/pulseRate/pulseAmplitudeIndex; cuff
 *                                       systolic/diastolic/pulseRate; thermometer temperatureC; weight scale
 *                                       weightKg/heightM; body composition bodyFatPercent/weightKg/heightM/
 *                                       impedanceOhm/basalMetabolismKj; glucose meter glucoseMmolL/meal (stores
 *                                       a record; it is sent only through RACP)
 *   POST /devices/{address}/fault       {fault, …} (devices/faults.ts) → {address, fault, faults}
 *   POST /devices/{address}/scenario    {scenario} (physiology/scenarios.ts)
 *   GET  /devices/{address}/records     glucose meter store → {records}
 *
 * `rrIntervals` are raw units of 1/1024 s, the same as the decoded 0x2A37 value's `rrIntervals`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Air, ControlFailure } from './air.js';
import { parseFault } from './devices/faults.js';
import { isScenario, SCENARIOS } from './physiology/scenarios.js';
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
  NOT_SUPPORTED: 'NOT_SUPPORTED',
  BUSY: 'BUSY',
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
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {}; // e.g. `POST /measure` with no overrides
  let json: unknown;
  try {
    json = JSON.parse(text);
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

const STATUS_OF: Record<ControlFailure['code'], number> = {
  NOT_FOUND: 404,
  NOT_SUPPORTED: 400,
  BAD_REQUEST: 400,
  BUSY: 409,
};

function failure(r: ControlFailure): HttpError {
  return new HttpError(STATUS_OF[r.code], r.code, r.message);
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
    const m = /^\/devices\/([^/]+)\/(notify|auto|range|measure|fault|scenario|records)$/.exec(path);
    if (!m) throw new HttpError(404, CONTROL_ERROR.NOT_FOUND, `no route ${path}`);
    const address = decodeURIComponent(m[1] ?? '').toLowerCase();
    const action = m[2];
    const method = action === 'records' ? 'GET' : 'POST';
    if (req.method !== method) throw new HttpError(405, CONTROL_ERROR.METHOD_NOT_ALLOWED, `use ${method}`);
    if (!this.air.hasDevice(address))
      throw new HttpError(404, CONTROL_ERROR.NOT_FOUND, `no device ${address}`);
    if (action === 'records') {
      const r = this.air.records(address);
      if (!r.ok) throw failure(r);
      send(res, 200, { address, records: r.records });
      return;
    }
    const body = await readJson(req);

    if (action === 'measure') {
      const r = this.air.measureNow(address, body);
      if (!r.ok) throw failure(r);
      const { measuredAt, subscribed, notifications, summary } = r;
      send(res, 200, { address, measuredAt, subscribed, notifications, summary });
      return;
    }
    if (action === 'fault') {
      const f = parseFault(body);
      if (!f.ok) throw new HttpError(400, CONTROL_ERROR.BAD_REQUEST, f.message);
      const r = this.air.injectFault(address, f.value);
      if (!r.ok) throw failure(r);
      send(res, 200, { address, fault: f.value.fault, faults: r.state });
      return;
    }
    if (action === 'scenario') {
      const scenario = body['scenario'];
      if (!isScenario(scenario)) {
        throw new HttpError(
          400,
          CONTROL_ERROR.BAD_REQUEST,
          `"scenario" must be one of ${SCENARIOS.join(', ')}`,
        );
      }
      this.air.setScenario(address, scenario);
      send(res, 200, { address, scenario });
      return;
    }
    if (action === 'notify') {
      const r = this.air.notifyNow(address, measurement(body));
      if (r.ok) {
        send(res, 200, { emittedAt: r.emittedAt, hex: r.hex });
        return;
      }
      const status = r.code === 'NOT_SUBSCRIBED' ? 409 : 400;
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
