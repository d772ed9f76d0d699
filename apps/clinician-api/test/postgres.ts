import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { TEST_PG_ADMIN_URL_ENV, TEST_PG_ERROR_ENV, TEST_STORE_ENV } from './global-setup.js';

/**
 * Which records store the integration suite runs on. `npm run test:integration` runs every spec twice:
 * PGlite (the embedded default) and then `API_TEST_DATABASE=postgres`, where test/global-setup.ts starts one
 * private PostgreSQL 15 cluster for the run and {@link createTestDatabase} gives each app its own database.
 */
export type TestStore = 'pglite' | 'postgres';

export function testStore(env: NodeJS.ProcessEnv = process.env): TestStore {
  const v = env[TEST_STORE_ENV];
  if (v === undefined || v === '' || v === 'pglite') return 'pglite';
  if (v === 'postgres') return 'postgres';
  throw new Error(`${TEST_STORE_ENV} must be pglite or postgres, not ${JSON.stringify(v)}`);
}

/** One database in the run's cluster. */
export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  /** Drops a fresh database (WITH FORCE); a keyed one is kept so the same key reopens it. */
  release(): Promise<void>;
}

function adminUrl(): string {
  const error = process.env[TEST_PG_ERROR_ENV];
  if (error) throw new Error(error);
  const url = process.env[TEST_PG_ADMIN_URL_ENV];
  if (!url) {
    throw new Error(
      `${TEST_STORE_ENV}=postgres but no cluster: run jest with the clinician-api config (its globalSetup starts PostgreSQL)`,
    );
  }
  return url;
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates a database in the run's cluster. Without `key` it is fresh (random name) and `release()` drops it.
 * With `key` (e.g. a PGlite data dir a spec reopens to prove persistence) the name derives from the key, an
 * existing database is reused and kept, exactly like reopening the same PGlite directory.
 */
export async function createTestDatabase(key?: string): Promise<TestDatabase> {
  const name = key
    ? `t_k${createHash('sha256').update(key).digest('hex').slice(0, 24)}`
    : `t_${randomBytes(8).toString('hex')}`;
  await withAdmin(async (client) => {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    // The name is generated above ([a-z0-9_] only), so it is safe to interpolate.
    if (exists.rowCount === 0) await client.query(`create database ${name}`);
  });
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    release: async () => {
      if (key) return;
      await withAdmin((client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/**
 * Environment for a child process (the built `main.js`) that must use the run's store: on PostgreSQL an
 * `API_DATABASE_URL` for a database keyed by `key` (pass the `API_DATA_DIR` the child gets), on PGlite nothing.
 */
export async function childDatabaseEnv(key: string): Promise<Record<string, string>> {
  if (testStore() === 'pglite') return {};
  return { API_DATABASE_URL: (await createTestDatabase(key)).url };
}
