import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freePort, startNode, type ManagedProcess } from '@openward/testing';
import { Database } from '../src/database/database.js';
import {
  cliEnv,
  MAIN_JS,
  markedRead,
  markersInDb,
  requireBuild,
  runVerifyCli,
  verifyViaApi,
} from './audit-tools.js';
import { DEMO_GATEWAY_SECRET, login, startApi, type RunningApi } from './harness.js';
import { childDatabaseEnv } from './postgres.js';

/** Answered requests before the kill; more are in flight when it lands. */
const ANSWERED_BEFORE_KILL = 300;
const CLIENTS = 16;

let dir: string;
let child: ManagedProcess | null = null;
let reopened: RunningApi | null = null;

beforeAll(async () => {
  requireBuild(MAIN_JS);
  dir = await mkdtemp(join(tmpdir(), 'ow-audit-crash-'));
});

afterAll(async () => {
  await child?.kill();
  await reopened?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('audit durability across SIGKILL (built API in a child process)', () => {
  it('keeps the audit row of every request answered 200 before the kill, and the chain verifies', async () => {
    const dataDir = join(dir, 'db');
    const dbEnv = await childDatabaseEnv(dataDir);
    child = startNode('clinician-api', MAIN_JS, [], {
      env: {
        API_PORT: '0',
        API_DATA_DIR: dataDir,
        API_REGISTRY_EXPORT_FILE: join(dir, 'registry.json'),
        API_JWT_SECRET: 'crash-test-jwt-secret-0123456789abcdef',
        API_SERVICE_TOKEN: 'crash-test-service-token-0123456789abcdef',
        API_MFA_ENCRYPTION_KEY: 'crash-test-mfa-key-0123456789abcdef0123',
        API_MFA_REQUIRED_ROLES: '',
        API_INGEST_URL: 'http://127.0.0.1:9',
        API_INGEST_MQTT_URL: `mqtt://127.0.0.1:${await freePort()}`,
        API_DEMO_SEED: 'true',
        API_DEMO_GATEWAY_SECRET: DEMO_GATEWAY_SECRET,
        API_SCRYPT_N: '1024',
        LOG_LEVEL: 'info',
        ...dbEnv,
      },
    });
    const ready = JSON.parse(await child.waitForLine(/"msg":"ready"/, 60_000)) as { port: number };
    const base = `http://127.0.0.1:${ready.port}`;
    const token = (await login(base, 'admin', 'admin-demo-pass')).accessToken;

    const answered: string[] = [];
    let next = 0;
    let killed: Promise<void> | null = null;
    const running = child;
    const client = async (): Promise<void> => {
      for (;;) {
        const marker = `crash-${next++}`;
        let status: number;
        try {
          // Status 200 arrives only after the handler returned, i.e. after its audit batch committed.
          status = (await markedRead(base, token, marker)).status;
        } catch (e) {
          if (killed) return; // refused or reset by the killed process
          throw e;
        }
        expect(status).toBe(200);
        answered.push(marker);
        if (answered.length >= ANSWERED_BEFORE_KILL) killed ??= running.kill();
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    await killed;
    expect(running.exit?.signal).toBe('SIGKILL');

    const cli = await runVerifyCli(cliEnv({ databaseUrl: dbEnv['API_DATABASE_URL'] ?? null, dataDir }));
    expect({ code: cli.code, stderr: cli.stderr }).toEqual({ code: 0, stderr: '' });
    expect(cli.stdout).toMatch(/^audit chain OK: \d+ rows verified from genesis through id \d+/);

    reopened = await startApi({ dataDir, ingestMqttUrl: `mqtt://127.0.0.1:${await freePort()}` });
    const inDb = await markersInDb(reopened.app.get(Database).db, 'crash-');
    expect(answered.length).toBeGreaterThanOrEqual(ANSWERED_BEFORE_KILL);
    expect(answered.filter((m) => !inDb.has(m))).toEqual([]);
    const admin = (await login(reopened.baseUrl, 'admin', 'admin-demo-pass')).accessToken;
    expect(await verifyViaApi(reopened.baseUrl, admin)).toMatchObject({ ok: true, broken: null });
  }, 180_000);
});
