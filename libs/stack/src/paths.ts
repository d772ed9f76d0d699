import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The workspace root: the nearest ancestor of this file holding nx.json. */
export function workspaceRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(join(dir, 'nx.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no nx.json above ${from}`);
    dir = up;
  }
  return dir;
}

/** Entry points of the built processes, relative to the workspace root. */
export const ENTRY_POINTS = {
  sim: 'firmware-sim/dist/main.js',
  api: 'apps/clinician-api/dist/main.js',
  ingest: 'apps/ingest/dist/main.js',
  gateway: 'apps/gateway/dist/main.js',
  dashboard: 'apps/dashboard/dist',
} as const;
