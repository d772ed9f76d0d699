import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import {
  freePort,
  reapStaleClusters,
  startNode,
  startPostgresCluster,
  waitFor,
  type PostgresCluster,
} from '@openward/testing';
import pg from 'pg';
import { login, startApi } from './harness.js';
import { testStore } from './postgres.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startPostgresCluster (the private PostgreSQL 15 of the integration suite)', () => {
  let cluster: PostgresCluster | undefined;

  afterAll(async () => {
    await cluster?.stop();
  });

  it('serves PostgreSQL 15 on a loopback port with its socket in its own temp dir, and stop() leaves nothing', async () => {
    cluster = await startPostgresCluster();
    const client = new pg.Client({ connectionString: cluster.url() });
    await client.connect();
    const row = (
      await client.query<{ version: string; listen: string; socket: string; fsync: string }>(
        `select current_setting('server_version_num') as version, current_setting('listen_addresses') as listen,
                current_setting('unix_socket_directories') as socket, current_setting('fsync') as fsync`,
      )
    ).rows[0];
    await client.end();
    expect(row).toEqual({
      version: expect.stringMatching(/^15\d{4}$/),
      listen: '127.0.0.1',
      socket: cluster.dir,
      fsync: 'off',
    });
    expect(existsSync(join(cluster.dir, `.s.PGSQL.${cluster.port}`))).toBe(true);
    expect(alive(cluster.pid)).toBe(true);

    await cluster.stop();
    expect(alive(cluster.pid)).toBe(false);
    expect(existsSync(cluster.dir)).toBe(false);
    await cluster.stop(); // idempotent
  });

  it('stops and removes a cluster whose owning process was SIGKILLed, at the next start', async () => {
    // The owner is a separate node process using the built helper; SIGKILL gives it no chance to clean up.
    const script = [
      "const { startPostgresCluster } = await import('@openward/testing');",
      'const c = await startPostgresCluster();',
      'console.log(`ready ${c.pid} ${c.dir}`);',
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const owner = startNode('pg-owner', '--input-type=module', ['-e', script]);
    const ready = await owner.waitForLine(/^ready /, 60_000);
    const [, pidText = '', dir = ''] = ready.split(' ');
    const pid = Number(pidText);
    await owner.kill();
    expect(alive(pid)).toBe(true);

    expect(reapStaleClusters()).toBeGreaterThanOrEqual(1);
    await waitFor(() => !alive(pid), { what: `postmaster ${pid} to exit`, timeoutMs: 20_000 });
    expect(existsSync(dir)).toBe(false);
  });

  it('fails (never skips) naming `apt-get install postgresql` when the binaries are missing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'ow-no-pg-'));
    try {
      await expect(startPostgresCluster({ binDir: empty })).rejects.toThrow(
        /initdb.*apt-get install postgresql/s,
      );
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe(`startApi on the run's store (${testStore()})`, () => {
  it('gives every app its own empty database and reopens the same one for the same dataDir', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'ow-reopen-'));
    const mqtt = `mqtt://127.0.0.1:${await freePort()}`;
    try {
      const first = await startApi({ dataDir, ingestMqttUrl: mqtt });
      const other = await startApi({ demoSeed: false, ingestMqttUrl: mqtt });
      try {
        expect(first.store).toBe(testStore());
        expect(first.config.databaseUrl === null).toBe(testStore() === 'pglite');
        if (first.config.databaseUrl) expect(first.config.databaseUrl).not.toBe(other.config.databaseUrl);
        // The unseeded app has no demo staff: its database is not the seeded one.
        const refused = await fetch(`${other.baseUrl}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'nurse', password: 'nurse-demo-pass' }),
        });
        expect(refused.status).toBe(401);
      } finally {
        await other.close();
        await first.close();
      }
      const reopened = await startApi({ dataDir, demoSeed: false, ingestMqttUrl: mqtt });
      try {
        expect((await login(reopened.baseUrl, 'nurse', 'nurse-demo-pass')).accessToken).toEqual(
          expect.any(String),
        );
      } finally {
        await reopened.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe("PostgreSQL closing the API's connections (restart, failover, pg_terminate_backend)", () => {
  it('keeps the API running and answering once the server killed its idle pooled connections', async () => {
    if (testStore() !== 'postgres') {
      expect(testStore()).toBe('pglite'); // PGlite runs in-process: there is no server to drop a connection
      return;
    }
    const api = await startApi({ ingestMqttUrl: `mqtt://127.0.0.1:${await freePort()}` });
    try {
      const token = (await login(api.baseUrl, 'nurse', 'nurse-demo-pass')).accessToken;
      const me = (): Promise<Response> =>
        fetch(`${api.baseUrl}/api/me`, { headers: { authorization: `Bearer ${token}` } });
      expect((await me()).status).toBe(200);
      const url = new URL(api.config.databaseUrl ?? '');
      const dbName = url.pathname.slice(1);
      url.pathname = '/postgres';
      const admin = new pg.Client({ connectionString: url.toString() });
      await admin.connect();
      try {
        const killed = await admin.query<{ n: string }>(
          `select count(pg_terminate_backend(pid))::text as n from pg_stat_activity
            where datname = $1 and pid <> pg_backend_pid()`,
          [dbName],
        );
        expect(Number(killed.rows[0]?.n)).toBeGreaterThan(0);
      } finally {
        await admin.end();
      }
      // The pool notices the dead connections (an 'error' event per idle client) and opens new ones; a request
      // may race a connection not yet reported dead, so the API is asked until it answers, within a bound.
      await waitFor(async () => (await me()).status === 200, {
        what: 'the API to answer again',
        timeoutMs: 10_000,
      });
      expect((await me()).status).toBe(200);
    } finally {
      await api.close();
    }
  });
});
