import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { enroll } from './enroll.js';

const CODE = '7K3QAB12CDEFGHJKMNPQRSTVWXYZ';
const SECRET = 'Zx9_-0123456789abcdefghijklmnopqrstuvwxyzAB';

/** One answer of the stand-in API. */
interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * A stand-in for the clinician API's `POST /api/gateways/enroll` on a real local HTTP server: it records
 * each request and answers with the next scripted answer.
 */
class EnrollStandIn {
  readonly requests: { method: string; url: string; contentType: string; body: unknown }[] = [];
  answers: Answer[] = [];
  private server: Server | null = null;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void readBody(req).then((text) => {
        this.requests.push({
          method: req.method ?? '',
          url: req.url ?? '',
          contentType: req.headers['content-type'] ?? '',
          body: JSON.parse(text || 'null'),
        });
        const a = this.answers.shift() ?? { status: 500, body: {} };
        const type = a.status === 200 ? 'application/json' : 'application/problem+json';
        res.writeHead(a.status, { 'content-type': type, ...a.headers }).end(JSON.stringify(a.body));
      });
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const addr = server.address();
    this.url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  }

  async stop(): Promise<void> {
    const s = this.server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => resolve(text));
  });
}

const problem = (status: number, code: string) => ({
  status,
  body: { type: `urn:openward:problem:${code}`, title: code, status, code },
});

const api = new EnrollStandIn();
const dir = mkdtempSync(join(tmpdir(), 'ow-gw-enroll-int-'));

beforeAll(() => api.start());
afterAll(async () => {
  await api.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('enroll against a local API', () => {
  it('posts the code and writes the credentials into the environment file, keeping its other lines', async () => {
    const out = join(dir, 'gateway.env');
    writeFileSync(out, 'GATEWAY_ID=gw-old\nGATEWAY_SECRET=old\nGATEWAY_BLE_BINDING=hci\n', { mode: 0o640 });
    api.answers = [
      {
        status: 200,
        body: {
          gatewayId: 'gw-kit-0042',
          username: 'gw-kit-0042',
          password: SECRET,
          mqttUrl: 'mqtts://b.example:8883',
        },
      },
    ];
    const outcome = await enroll({ api: api.url, code: CODE, out });
    expect(outcome).toEqual({
      ok: true,
      gatewayId: 'gw-kit-0042',
      mqttUrl: 'mqtts://b.example:8883',
      file: out,
    });
    expect(api.requests.at(-1)).toEqual({
      method: 'POST',
      url: '/api/gateways/enroll',
      contentType: 'application/json',
      body: { code: CODE },
    });
    expect(readFileSync(out, 'utf8')).toBe(
      `GATEWAY_ID=gw-kit-0042\nGATEWAY_SECRET=${SECRET}\nGATEWAY_BLE_BINDING=hci\nGATEWAY_MQTT_URL=mqtts://b.example:8883\n`,
    );
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it('keeps GATEWAY_MQTT_URL when the API sends no broker URL', async () => {
    const out = join(dir, 'keep.env');
    writeFileSync(out, 'GATEWAY_MQTT_URL=mqtts://mine:8883\n');
    api.answers = [
      { status: 200, body: { gatewayId: 'gw-kit-0043', username: 'gw-kit-0043', password: SECRET } },
    ];
    expect(await enroll({ api: api.url, code: CODE, out })).toMatchObject({ ok: true, mqttUrl: null });
    expect(readFileSync(out, 'utf8')).toBe(
      `GATEWAY_MQTT_URL=mqtts://mine:8883\nGATEWAY_ID=gw-kit-0043\nGATEWAY_SECRET=${SECRET}\n`,
    );
  });

  it.each([
    [problem(401, 'ENROLLMENT_CODE_INVALID'), /HTTP 401 ENROLLMENT_CODE_INVALID: .*typos/],
    [problem(410, 'ENROLLMENT_CODE_EXPIRED'), /HTTP 410 ENROLLMENT_CODE_EXPIRED: .*new code/],
    [problem(410, 'ENROLLMENT_CODE_USED'), /HTTP 410 ENROLLMENT_CODE_USED: .*already used/],
    [
      { ...problem(429, 'ENROLLMENT_RATE_LIMITED'), headers: { 'retry-after': '120' } },
      /HTTP 429 ENROLLMENT_RATE_LIMITED: .*\(retry after 120 s\)/,
    ],
    [{ status: 502, body: 'bad gateway' }, /HTTP 502: unexpected answer/],
  ])('reports a refusal (%#) and leaves the file untouched', async (answer, message) => {
    const out = join(dir, 'refused.env');
    writeFileSync(out, 'GATEWAY_ID=gw-untouched\n');
    api.answers = [answer];
    expect(await enroll({ api: api.url, code: CODE, out })).toEqual({
      ok: false,
      reason: 'refused',
      message: expect.stringMatching(message),
    });
    expect(readFileSync(out, 'utf8')).toBe('GATEWAY_ID=gw-untouched\n');
  });

  it('refuses a 200 without valid credentials', async () => {
    api.answers = [{ status: 200, body: { gatewayId: 'gw-kit-0044' } }];
    expect(await enroll({ api: api.url, code: CODE, out: join(dir, 'bad.env') })).toMatchObject({
      ok: false,
      reason: 'bad-response',
    });
  });

  it('does not spend the code when the file cannot be written', async () => {
    const before = api.requests.length;
    expect(
      await enroll({ api: api.url, code: CODE, out: join(dir, 'no-such-dir', 'gateway.env') }),
    ).toMatchObject({
      ok: false,
      reason: 'file',
    });
    expect(api.requests).toHaveLength(before);
  });

  it('reports an unreachable API', async () => {
    const closed = new EnrollStandIn();
    await closed.start();
    await closed.stop();
    expect(await enroll({ api: closed.url, code: CODE, out: join(dir, 'x.env') })).toMatchObject({
      ok: false,
      reason: 'unreachable',
    });
  });
});
