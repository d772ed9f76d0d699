#!/usr/bin/env node
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_DEVICES, DEMO_PATIENT_USERS, DEMO_PATIENTS, DEMO_STAFF } from '@openward/testing';
import { formatLogLine } from './log-format.js';
import { workspaceRoot } from './paths.js';
import { DEFAULT_PORTS, SERVICE_ORDER, Stack } from './stack.js';

/**
 * `npm start`: the whole platform with embedded defaults and simulated patients, on fixed loopback ports.
 * Ctrl-C (SIGINT) or SIGTERM stops every process gracefully, in reverse order, leaving no orphans.
 */
const USAGE = `usage: node libs/stack/dist/cli.js start [--data-dir DIR] [--fresh] [--quiet] [--free-ports] [--log-level trace|debug|info|warn|error]`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      fresh: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      'log-level': { type: 'string', default: 'info' },
      // Free ports instead of the documented fixed ones (tests run beside a user's `npm start`).
      'free-ports': { type: 'boolean', default: false },
    },
  });
  if (positionals[0] !== 'start') {
    console.error(USAGE);
    return 2;
  }
  const dataDir = resolve(values['data-dir'] ?? join(workspaceRoot(), '.openward-data'));
  if (values.fresh) rmSync(dataDir, { recursive: true, force: true });

  const levels: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50 };
  const shown = levels[values['log-level']];
  if (shown === undefined) {
    console.error(`--log-level must be one of ${Object.keys(levels).join(', ')}`);
    return 2;
  }
  const minLevel = values.quiet ? 40 : shown;
  const echo = (name: string, line: string): void => {
    const m = /"level":(\d+)/.exec(line);
    if (!m || Number(m[1]) >= minLevel) console.log(formatLogLine(name, line));
  };
  console.log(`OpenWard: starting ${SERVICE_ORDER.join(' → ')} (data in ${dataDir}) …`);
  const childLevel = shown < 30 ? (shown < 20 ? 'trace' : 'debug') : 'info';
  const ports = values['free-ports'] ? {} : DEFAULT_PORTS;
  const stack = await Stack.start({ dataDir, ports, echo, logLevel: childLevel });

  let stopping = false;
  const shutdown = async (code: number): Promise<never> => {
    if (!stopping) {
      stopping = true;
      console.log('\nOpenWard: stopping …');
      await stack.stop();
      console.log('OpenWard: all processes stopped.');
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  for (const [name, proc] of stack.processes) {
    void proc.waitForExit().then(() => {
      if (stopping) return;
      console.error(
        `OpenWard: ${name} exited unexpectedly (${JSON.stringify(proc.exit)}); stopping the rest.`,
      );
      void shutdown(1);
    });
  }

  const staff = [...DEMO_STAFF, ...DEMO_PATIENT_USERS]
    .map((s) => `    ${s.role.padEnd(9)} ${s.username} / ${s.password}`)
    .join('\n');
  console.log(`
┌──────────────────────────────────────────────────────────────────────┐
  OpenWard is running.
  Dashboard:  ${stack.apiUrl}/
  Sign in with a demo login:
${staff}
  (the nurse sees team-north: ${DEMO_PATIENTS.filter((p) => p.careTeamId === 'team-north')
    .map((p) => p.displayName)
    .join(', ')})
  Simulated devices on gateway gw-demo-home-1: ${[...new Set(DEMO_DEVICES.map((d) => d.kind))].join(', ')}
  Sim control: ${stack.simControlUrl}/devices   Ingest: ${stack.ingestUrl}/health   Gateway: ${stack.gatewayUrl}/health
  Data: ${dataDir} (delete it, or use --fresh, to start over)
  Press Ctrl-C to stop.
└──────────────────────────────────────────────────────────────────────┘`);
  return await new Promise<number>(() => undefined);
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`OpenWard: failed to start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
