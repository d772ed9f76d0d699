import { parseArgs } from 'node:util';
import { FLEET_JOURNALS, type FleetJournalKind } from './fleet.js';

export const USAGE = `usage: node apps/gateway/dist/fleet/main.js [options]
  --url URL               broker (default mqtt://127.0.0.1:1883)
  --gateways N            simulated gateways = MQTT connections (default 1000)
  --rate N                total readings/s across the fleet (default 2000)
  --duration S            seconds of load (default 30)
  --journal memory|lmdb   each gateway's journal (default memory)
  --data-dir DIR          lmdb journals (default: a new temp dir)
  --window N              in-flight publishes per gateway (default 100)
  --credentials FILE      JSON [{gatewayId, secret}] (first N used), or:
  --id-pattern P          gateway id pattern with {n} (default gw-fleet-{n})
  --secret-pattern P      secret pattern with {n} (default fleet-secret-{n})
  --acked-file FILE       append the id of every acknowledged reading, one per line, as PUBACKs arrive
                          (flushed every 100 ms, fsynced at the end)
  --connect-timeout S     wait this long for every gateway to connect before the load (default 60)
  --drain-timeout S       after the load, keep reconnecting and replaying through broker outages until
                          the journals are empty, for at most S seconds (default 30)
SIGTERM or SIGINT ends the load early and starts the drain; a second one exits at once.
Prints one JSON line {"msg":"fleet result",...} on stdout and phase lines {"msg":"fleet phase",...} on
stderr; exit 0 when every gateway connected and every reading was acknowledged, 1 otherwise, 2 on bad
arguments.`;

/** Validated command line of the fleet CLI (credentials are resolved by the caller: they need a file). */
export interface FleetArgs {
  help: boolean;
  url: string;
  gateways: number;
  rate: number;
  durationSeconds: number;
  journal: FleetJournalKind;
  dataDir: string | null;
  window: number;
  credentialsFile: string | null;
  idPattern: string;
  secretPattern: string;
  ackedFile: string | null;
  connectTimeoutSeconds: number;
  drainTimeoutSeconds: number;
}

export type FleetArgsResult = { ok: true; value: FleetArgs } | { ok: false; message: string };

const MAX_SECONDS = 24 * 60 * 60;

function int(name: string, raw: string, min: number, max = Number.MAX_SAFE_INTEGER): number | string {
  const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    return `--${name} must be an integer between ${min} and ${max}, got "${raw}"`;
  }
  return n;
}

/** Parses the fleet CLI's arguments. Pure and total: a bad argument is a message naming it, never a throw. */
export function parseFleetArgs(argv: readonly string[]): FleetArgsResult {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        url: { type: 'string', default: 'mqtt://127.0.0.1:1883' },
        gateways: { type: 'string', default: '1000' },
        rate: { type: 'string', default: '2000' },
        duration: { type: 'string', default: '30' },
        journal: { type: 'string', default: 'memory' },
        'data-dir': { type: 'string' },
        window: { type: 'string', default: '100' },
        credentials: { type: 'string' },
        'id-pattern': { type: 'string', default: 'gw-fleet-{n}' },
        'secret-pattern': { type: 'string', default: 'fleet-secret-{n}' },
        'acked-file': { type: 'string' },
        'connect-timeout': { type: 'string', default: '60' },
        'drain-timeout': { type: 'string', default: '30' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  const journal = values.journal as FleetJournalKind;
  if (!FLEET_JOURNALS.includes(journal)) {
    return { ok: false, message: `--journal must be memory or lmdb, got "${values.journal}"` };
  }
  const numbers = {
    gateways: int('gateways', values.gateways, 1, 1_000_000),
    rate: int('rate', values.rate, 1, 10_000_000),
    duration: int('duration', values.duration, 1, MAX_SECONDS),
    window: int('window', values.window, 1, 65_535),
    connect: int('connect-timeout', values['connect-timeout'], 1, MAX_SECONDS),
    drain: int('drain-timeout', values['drain-timeout'], 1, MAX_SECONDS),
  };
  for (const v of Object.values(numbers)) if (typeof v === 'string') return { ok: false, message: v };
  const n = numbers as Record<keyof typeof numbers, number>;
  for (const name of ['url', 'data-dir', 'credentials', 'acked-file'] as const) {
    if (values[name] === '') return { ok: false, message: `--${name} must not be empty` };
  }
  return {
    ok: true,
    value: {
      help: values.help,
      url: values.url,
      gateways: n.gateways,
      rate: n.rate,
      durationSeconds: n.duration,
      journal,
      dataDir: values['data-dir'] ?? null,
      window: n.window,
      credentialsFile: values.credentials ?? null,
      idPattern: values['id-pattern'],
      secretPattern: values['secret-pattern'],
      ackedFile: values['acked-file'] ?? null,
      connectTimeoutSeconds: n.connect,
      drainTimeoutSeconds: n.drain,
    },
  };
}
