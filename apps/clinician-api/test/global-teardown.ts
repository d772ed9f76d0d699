// Loaded by jest outside its module system: no relative imports (see global-setup.ts).
import { rm } from 'node:fs/promises';
import type { PostgresCluster } from '@openward/testing';

type WithResources = typeof globalThis & {
  [key: symbol]: { cluster?: PostgresCluster; dirs: string[] } | undefined;
};

/** Jest global teardown: stops the run's PostgreSQL cluster (fast shutdown, then by PID), removes temp dirs. */
export default async function globalTeardown(): Promise<void> {
  const handle = Symbol.for('openward.testRunResources'); // = RUN_RESOURCES in global-setup.ts
  const holder = globalThis as WithResources;
  const resources = holder[handle];
  delete holder[handle];
  await resources?.cluster?.stop();
  for (const dir of resources?.dirs ?? []) await rm(dir, { recursive: true, force: true });
}
