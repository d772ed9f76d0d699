import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema.js';

/** Drizzle over either driver; repositories depend only on this type, so queries are shared. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** The committed migrations (apps/clinician-api/drizzle), same relative place from src/ and dist/. */
export const MIGRATIONS_FOLDER = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'drizzle');

/** An open, migrated database and how to close it. */
export class Database {
  constructor(
    readonly db: Db,
    readonly driver: 'pglite' | 'node-postgres',
    private readonly closeFn: () => Promise<void>,
  ) {}

  /** Cheap liveness query for the health endpoint. */
  async ping(): Promise<void> {
    await this.db.execute(sql`select 1`);
  }

  /** Closing PGlite flushes its files; without it jest and the process wait on open handles. */
  async onModuleDestroy(): Promise<void> {
    await this.closeFn();
  }
}

export interface OpenOptions {
  databaseUrl: string | null;
  dataDir: string;
  /**
   * PostgreSQL only: an idle pooled connection was closed by the server (restart, failover,
   * `pg_terminate_backend`). The pool drops it and opens a new one on the next query; without a listener
   * node-postgres would raise it as an unhandled 'error' event and end the process.
   */
  onIdleConnectionError?: (err: Error) => void;
}

/** Opens PGlite (data dir) or node-postgres (URL) and applies every pending migration. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    pool.on('error', (err) => opts.onIdleConnectionError?.(err));
    try {
      const db = drizzlePg({ client: pool, schema });
      await migratePg(db, { migrationsFolder: MIGRATIONS_FOLDER });
      return new Database(db, 'node-postgres', () => pool.end());
    } catch (e) {
      await pool.end();
      throw e;
    }
  }
  await mkdir(opts.dataDir, { recursive: true });
  const client = await PGlite.create(opts.dataDir);
  try {
    const db = drizzlePglite({ client, schema });
    await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
    return new Database(db, 'pglite', () => client.close());
  } catch (e) {
    await client.close();
    throw e;
  }
}
