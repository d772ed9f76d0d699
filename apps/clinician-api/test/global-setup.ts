// Loaded by jest outside its module system (plain require, no moduleNameMapper): import only packages, never
// relative `.js` paths. @openward/testing resolves to its build (test:integration depends on ^build).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { startPostgresCluster, type PostgresCluster } from '@openward/testing';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';

/** Which store the run uses: `pglite` (default) or `postgres`. */
export const TEST_STORE_ENV = 'API_TEST_DATABASE';
/** Set here for the workers: superuser URL of the run's cluster (`…/postgres`). */
export const TEST_PG_ADMIN_URL_ENV = 'API_TEST_PG_ADMIN_URL';
/** Set here when the cluster could not start: every app start then fails with this message. */
export const TEST_PG_ERROR_ENV = 'API_TEST_PG_ERROR';
/** Set here for the workers: a migrated, empty PGlite data dir that startApi() copies instead of an initdb. */
export const TEST_PGLITE_TEMPLATE_ENV = 'API_TEST_PGLITE_TEMPLATE';
/** Hands what to clean up to global-teardown.ts (same process). */
export const RUN_RESOURCES = Symbol.for('openward.testRunResources');

export interface RunResources {
  cluster?: PostgresCluster;
  /** Temp dirs to remove. */
  dirs: string[];
}
type WithResources = typeof globalThis & { [RUN_RESOURCES]?: RunResources };

/**
 * PGlite's initdb costs 2.5–7 s per app on this machine; copying a migrated data dir costs ~0.1–0.6 s. Built
 * once per run, with the committed migrations, exactly as openDatabase() would build a new one.
 */
async function pgliteTemplate(rootDir: string, resources: RunResources): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ow-pglite-template-'));
  resources.dirs.push(dir);
  const client = await PGlite.create(join(dir, 'db'));
  try {
    await migrate(drizzle({ client }), { migrationsFolder: join(rootDir, 'drizzle') });
  } finally {
    await client.close();
  }
  return join(dir, 'db');
}

/**
 * Jest global setup. `API_TEST_DATABASE=postgres`: one private PostgreSQL 15 cluster for the whole run
 * (workers inherit its URL through the environment); if it cannot start, every app start fails with the
 * reason (never a silent skip). `API_TEST_DATABASE=pglite` (set by test/run-integration.mjs): a migrated
 * PGlite template. Unset (unit runs): nothing. Always prints which store the run uses.
 */
export default async function globalSetup(_: unknown, project: { rootDir: string }): Promise<void> {
  const store = process.env[TEST_STORE_ENV] ?? '';
  const started = performance.now();
  const ms = (): number => Math.round(performance.now() - started);
  const resources: RunResources = { dirs: [] };
  (globalThis as WithResources)[RUN_RESOURCES] = resources;
  if (store !== 'postgres') {
    if (store === 'pglite')
      process.env[TEST_PGLITE_TEMPLATE_ENV] = await pgliteTemplate(project.rootDir, resources);
    process.stdout.write(
      `\nclinician-api tests: records store = PGlite (embedded${store === 'pglite' ? `, migrated template built in ${ms()} ms` : ''})\n`,
    );
    return;
  }
  try {
    const cluster = await startPostgresCluster();
    resources.cluster = cluster;
    // Never leave a server behind, even when jest exits or is interrupted without running the teardown
    // (a SIGKILLed run is reaped by the next cluster start: reapStaleClusters).
    process.once('exit', () => cluster.killSync());
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.once(signal, () => {
        cluster.killSync();
        process.kill(process.pid, signal);
      });
    }
    process.env[TEST_PG_ADMIN_URL_ENV] = cluster.url();
    process.stdout.write(
      `\nclinician-api tests: records store = PostgreSQL 15 (private cluster on 127.0.0.1:${cluster.port}, started in ${ms()} ms)\n`,
    );
  } catch (e) {
    const message = `PostgreSQL test cluster did not start: ${e instanceof Error ? e.message : String(e)}`;
    process.env[TEST_PG_ERROR_ENV] = message;
    process.stdout.write(
      `\nclinician-api tests: records store = PostgreSQL 15, FAILED TO START\n${message}\n`,
    );
  }
}
