import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { summarize } from '@openward/testing';
import { pino } from 'pino';
import { credentialsFromPattern, parseCredentialsFile, type CredentialsResult } from './credentials.js';
import { FLEET_JOURNALS, runFleet, type FleetJournalKind } from './fleet.js';

const USAGE = `usage: node apps/gateway/dist/fleet/main.js [options]
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
Prints one JSON line {"msg":"fleet result",...}; exit 2 on bad arguments.`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function int(name: string, raw: string, min: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) fail(`--${name} must be an integer ≥ ${min}, got "${raw}"`);
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
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
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const count = int('gateways', values.gateways, 1);
  const journal = values.journal as FleetJournalKind;
  if (!FLEET_JOURNALS.includes(journal)) fail(`--journal must be memory or lmdb, got "${values.journal}"`);
  let creds: CredentialsResult;
  if (values.credentials) {
    let text: string;
    try {
      text = readFileSync(values.credentials, 'utf8');
    } catch (e) {
      fail(`--credentials: ${String(e)}`);
    }
    creds = parseCredentialsFile(text);
    if (creds.ok && creds.value.length < count) {
      fail(`--credentials has ${creds.value.length} entries, --gateways asks for ${count}`);
    }
    if (creds.ok) creds = { ok: true, value: creds.value.slice(0, count) };
  } else {
    creds = credentialsFromPattern(count, values['id-pattern'], values['secret-pattern']);
  }
  if (!creds.ok) fail(`credentials: ${creds.message}`);

  const logger = pino({ level: process.env['LOG_LEVEL'] ?? 'warn', base: { service: 'fleet' } });
  const result = await runFleet({
    url: values.url,
    credentials: creds.value,
    ratePerSecond: int('rate', values.rate, 1),
    durationSeconds: int('duration', values.duration, 1),
    journal,
    dataDir:
      journal === 'lmdb' ? (values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'ow-fleet-'))) : undefined,
    window: int('window', values.window, 1),
    logger,
  });
  const { latencyMs, ...rest } = result;
  const s = summarize(latencyMs);
  process.stdout.write(
    `${JSON.stringify({
      msg: 'fleet result',
      ...rest,
      connectMs: Math.round(rest.connectMs),
      achievedRatePerSecond: Math.round(rest.achievedRatePerSecond),
      pubackLatencyMs: { p50: s.p50, p90: s.p90, p99: s.p99, max: s.max, mean: s.mean },
    })}\n`,
  );
  process.exitCode = result.connected === result.gateways && result.unackedAtEnd === 0 ? 0 : 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`fleet failed: ${String(e)}\n`);
  process.exit(1);
});
