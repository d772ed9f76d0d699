import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { LatestVitalsResponse, LoginResponse } from '@openward/contracts';
import { pino } from 'pino';
import { createApp } from '../src/bootstrap.js';
import type { AppConfig } from '../src/config/app-config.js';
import { configFactory, TEST_SCRYPT } from './factories.js';

export const DEMO_GATEWAY_SECRET = 'demo-gateway-secret-for-tests';

/** A running API on a free port over a fresh PGlite directory, seeded with the demo world. */
export interface RunningApi {
  app: NestExpressApplication;
  config: AppConfig;
  baseUrl: string;
  dir: string;
  close(): Promise<void>;
}

export async function startApi(overrides: Partial<AppConfig> = {}): Promise<RunningApi> {
  const dir = await mkdtemp(join(tmpdir(), 'ow-api-test-'));
  const config = configFactory({
    dataDir: join(dir, 'db'),
    registryExportFile: join(dir, 'export', 'registry.json'),
    demoSeed: true,
    demoGatewaySecret: DEMO_GATEWAY_SECRET,
    scrypt: TEST_SCRYPT,
    ...overrides,
  });
  const app = await createApp(config, pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' }));
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    config,
    baseUrl: `http://127.0.0.1:${port}`,
    dir,
    close: async () => {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function login(baseUrl: string, username: string, password: string): Promise<LoginResponse> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username} → ${res.status}`);
  return (await res.json()) as LoginResponse;
}

/**
 * A real HTTP server implementing ingest's internal contract `GET /internal/v1/patients/{id}/latest`
 * (bearer service token, LatestVitalsResponse). It records the headers it received.
 */
export class IngestStandIn {
  readonly requests: { url: string; headers: IncomingHttpHeaders }[] = [];
  readonly latest = new Map<string, LatestVitalsResponse>();
  private server: Server | null = null;
  port = 0;

  constructor(private readonly serviceToken: string) {}

  async start(port = 0): Promise<void> {
    const server = createServer((req, res) => {
      this.requests.push({ url: req.url ?? '', headers: req.headers });
      const m = /^\/internal\/v1\/patients\/([^/]+)\/latest$/.exec(req.url ?? '');
      if (req.headers.authorization !== `Bearer ${this.serviceToken}`) {
        res.writeHead(401).end();
      } else if (req.method !== 'GET' || !m?.[1]) {
        res.writeHead(404).end();
      } else {
        const id = decodeURIComponent(m[1]);
        const body: LatestVitalsResponse = this.latest.get(id) ?? { patientId: id, vitals: [] };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      }
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const a = server.address();
    this.port = typeof a === 'object' && a ? a.port : 0;
    this.server = server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
