import { existsSync, readdirSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  latestManyRequestSchema,
  type ExportPoint,
  type LatestManyResponse,
  type LatestVitalsResponse,
  type LoginResponse,
} from '@openward/contracts';
import { pino } from 'pino';
import { createApp } from '../src/bootstrap.js';
import type { AppConfig } from '../src/config/app-config.js';
import { configFactory, TEST_SCRYPT } from './factories.js';
import { serveHistory } from './ingest-history-stand-in.js';
import { TEST_PGLITE_TEMPLATE_ENV } from './global-setup.js';
import { createTestDatabase, testStore, type TestDatabase, type TestStore } from './postgres.js';

export const DEMO_GATEWAY_SECRET = 'demo-gateway-secret-for-tests';

/**
 * A running API on a free port over a fresh database (PGlite in a temp dir, or with `API_TEST_DATABASE=postgres`
 * a fresh database in the run's PostgreSQL 15 cluster), seeded with the demo world.
 */
export interface RunningApi {
  app: NestExpressApplication;
  config: AppConfig;
  baseUrl: string;
  dir: string;
  /** The records store this app runs on. */
  store: TestStore;
  close(): Promise<void>;
}

/**
 * Starts the real app. Overrides win; on PostgreSQL a `dataDir` override selects a database keyed by that
 * dir (reopening the same dir reopens the same database, as with PGlite), otherwise each app gets its own.
 */
export async function startApi(overrides: Partial<AppConfig> = {}): Promise<RunningApi> {
  const store = testStore();
  const dir = await mkdtemp(join(tmpdir(), 'ow-api-test-'));
  let database: TestDatabase | null = null;
  let app: NestExpressApplication | null = null;
  try {
    if (store === 'postgres' && overrides.databaseUrl === undefined) {
      database = await createTestDatabase(overrides.dataDir);
    }
    const dataDir = overrides.dataDir ?? join(dir, 'db');
    const template = process.env[TEST_PGLITE_TEMPLATE_ENV];
    // A new (or empty) PGlite dir starts as a copy of the run's migrated template instead of a slow initdb.
    if (store === 'pglite' && template && (!existsSync(dataDir) || readdirSync(dataDir).length === 0)) {
      await cp(template, dataDir, { recursive: true });
    }
    const config = configFactory({
      dataDir,
      registryExportFile: join(dir, 'export', 'registry.json'),
      demoSeed: true,
      demoGatewaySecret: DEMO_GATEWAY_SECRET,
      scrypt: TEST_SCRYPT,
      ...(database ? { databaseUrl: database.url } : {}),
      ...overrides,
    });
    app = await createApp(config, pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' }));
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const running = app;
    return {
      app: running,
      config,
      baseUrl: `http://127.0.0.1:${port}`,
      dir,
      store,
      close: async () => {
        await running.close();
        await database?.release();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await app?.close();
    await database?.release();
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
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
  readonly requests: { url: string; headers: IncomingHttpHeaders; method?: string; body?: unknown }[] = [];
  readonly latest = new Map<string, LatestVitalsResponse>();
  /** Stored points per patient for the history routes (readings, series): test/ingest-history-stand-in.ts. */
  readonly history = new Map<string, ExportPoint[]>();
  private server: Server | null = null;
  port = 0;

  constructor(private readonly serviceToken: string) {}

  async start(port = 0): Promise<void> {
    const server = createServer((req, res) => {
      if (req.method === 'POST' && req.url === '/internal/v1/latest') {
        this.latestMany(req, res);
        return;
      }
      this.requests.push({ url: req.url ?? '', headers: req.headers });
      const m = /^\/internal\/v1\/patients\/([^/]+)\/latest$/.exec(req.url ?? '');
      if (req.headers.authorization !== `Bearer ${this.serviceToken}`) {
        res.writeHead(401).end();
      } else if (serveHistory(this.history, req, res)) {
        return;
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

  /** `POST /internal/v1/latest` {patientIds} → {patients: [{patientId, vitals}]} in request order (contracts history.ts). */
  private latestMany(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = null;
      }
      this.requests.push({ url: req.url ?? '', headers: req.headers, method: 'POST', body });
      const parsed = latestManyRequestSchema.safeParse(body);
      if (req.headers.authorization !== `Bearer ${this.serviceToken}`) {
        res.writeHead(401).end();
      } else if (!parsed.success) {
        res.writeHead(400).end();
      } else {
        const answer: LatestManyResponse = {
          patients: parsed.data.patientIds.map((id) => ({
            patientId: id,
            vitals: this.latest.get(id)?.vitals ?? [],
          })),
        };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      }
    });
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
