import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarize } from '@openward/testing';
import { pino } from 'pino';
import { AckedLog } from './acked-log.js';
import { parseFleetArgs, USAGE } from './args.js';
import { credentialsFromPattern, parseCredentialsFile, type CredentialsResult } from './credentials.js';
import { runFleet, type FleetPhase } from './fleet.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const parsed = parseFleetArgs(process.argv.slice(2));
  if (!parsed.ok) fail(parsed.message);
  const args = parsed.value;
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let creds: CredentialsResult;
  if (args.credentialsFile) {
    let text: string;
    try {
      text = readFileSync(args.credentialsFile, 'utf8');
    } catch (e) {
      fail(`--credentials: ${String(e)}`);
    }
    creds = parseCredentialsFile(text);
    if (creds.ok && creds.value.length < args.gateways) {
      fail(`--credentials has ${creds.value.length} entries, --gateways asks for ${args.gateways}`);
    }
    if (creds.ok) creds = { ok: true, value: creds.value.slice(0, args.gateways) };
  } else {
    creds = credentialsFromPattern(args.gateways, args.idPattern, args.secretPattern);
  }
  if (!creds.ok) fail(`credentials: ${creds.message}`);
  let acked: AckedLog | null = null;
  if (args.ackedFile) {
    try {
      acked = await AckedLog.open(args.ackedFile);
    } catch (e) {
      fail(`--acked-file: ${String(e)}`);
    }
  }

  // SIGTERM/SIGINT ends the load and drains (scenario-driven tests); a second signal kills as usual.
  const stopLoad = new AbortController();
  const onSignal = (): void => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    stopLoad.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  const logger = pino({ level: process.env['LOG_LEVEL'] ?? 'warn', base: { service: 'fleet' } });
  const result = await runFleet({
    url: args.url,
    credentials: creds.value,
    ratePerSecond: args.rate,
    durationSeconds: args.durationSeconds,
    journal: args.journal,
    dataDir: args.journal === 'lmdb' ? (args.dataDir ?? mkdtempSync(join(tmpdir(), 'ow-fleet-'))) : undefined,
    window: args.window,
    connectTimeoutMs: args.connectTimeoutSeconds * 1000,
    drainTimeoutMs: args.drainTimeoutSeconds * 1000,
    stopLoad: stopLoad.signal,
    onAckedId: acked ? (id) => acked.add(id) : undefined,
    // Progress on stderr, so stdout keeps its one result line for scripts.
    onPhase: (p: FleetPhase) => process.stderr.write(`${JSON.stringify({ msg: 'fleet phase', ...p })}\n`),
    logger,
  });
  let ackedFileError: string | null = null;
  await acked?.close().catch((e: unknown) => (ackedFileError = String(e)));
  const { latencyMs, ...rest } = result;
  const s = summarize(latencyMs);
  process.stdout.write(
    `${JSON.stringify({
      msg: 'fleet result',
      ...rest,
      connectMs: Math.round(rest.connectMs),
      drainMs: Math.round(rest.drainMs),
      achievedRatePerSecond: Math.round(rest.achievedRatePerSecond),
      pubackLatencyMs: { p50: s.p50, p90: s.p90, p99: s.p99, max: s.max, mean: s.mean },
      ...(acked ? { ackedFile: args.ackedFile, ackedLines: acked.count, ackedFileError } : {}),
    })}\n`,
  );
  const ok =
    result.connected === result.gateways &&
    result.unackedAtEnd === 0 &&
    result.appendErrors === 0 &&
    ackedFileError === null;
  process.exitCode = ok ? 0 : 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`fleet failed: ${String(e)}\n`);
  process.exit(1);
});
