// Benchmark of the fleet load generator itself: N simulated gateways (own credentials, own journal and
// publisher each) against a bare in-process aedes that acknowledges at once. This is the generator's
// ceiling on this machine, the baseline for ingest benchmarks that point the generator at ingest.
//   node apps/gateway/dist/fleet/bench.js [gateways=1000] [rate=5000] [seconds=20]
// Rewrites the `gateway-fleet` section of docs/benchmarks.md.
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { freePort, fmt, machine, summarize, writeSection } from '@openward/testing';
import { Aedes } from 'aedes';
import { pino } from 'pino';
import { BENCH_FILE } from '../bench/kit.js';
import { credentialsFromPattern } from './credentials.js';
import { runFleet } from './fleet.js';

const GATEWAYS = Number(process.argv[2] ?? 1000);
const RATE = Number(process.argv[3] ?? 5000);
const SECONDS = Number(process.argv[4] ?? 20);

async function main(): Promise<void> {
  const creds = credentialsFromPattern(GATEWAYS, 'gw-fleet-{n}', 'fleet-secret-{n}');
  if (!creds.ok) throw new Error(creds.message);
  const secrets = new Map(creds.value.map((c) => [c.gatewayId, c.secret]));
  const broker = await Aedes.createBroker({
    authenticate: (client, username, password, done) =>
      done(null, client.id === username && secrets.get(username ?? '') === password?.toString()),
    authorizePublish: (client, packet, cb) =>
      cb(client && packet.topic.startsWith(`openward/v1/gw/${client.id}/`) ? null : new Error('denied')),
  });
  const server = createServer(broker.handle);
  const port = await freePort();
  await new Promise<void>((r) => server.listen({ port, host: '127.0.0.1', backlog: 2048 }, () => r()));
  try {
    const rows: string[] = [];
    for (const journal of ['memory', 'lmdb'] as const) {
      const r = await runFleet({
        url: `mqtt://127.0.0.1:${port}`,
        credentials: creds.value,
        ratePerSecond: RATE,
        durationSeconds: SECONDS,
        journal,
        dataDir: journal === 'lmdb' ? `/tmp/ow-fleet-bench-${process.pid}` : undefined,
        logger: pino({ level: 'warn' }),
      });
      const s = summarize(r.latencyMs);
      const line = `| ${journal} | ${r.connected}/${r.gateways} in ${(r.connectMs / 1000).toFixed(1)} s | ${RATE.toLocaleString('en')} | ${Math.round(r.achievedRatePerSecond).toLocaleString('en')} | ${r.acked.toLocaleString('en')}/${r.appended.toLocaleString('en')} | ${fmt(s.p50)} | ${fmt(s.p90)} | ${fmt(s.p99)} | ${fmt(s.max)} |`;
      rows.push(line);
      process.stdout.write(`${line}\n`);
    }
    const body = `
## Fleet load generator ceiling (\`node apps/gateway/dist/fleet/bench.js\`)

Measured ${new Date().toISOString()} on ${machine()}.
${GATEWAYS.toLocaleString('en')} simulated gateways, each its own MQTT connection with its own credentials
(\`gw-fleet-{n}\` / \`fleet-secret-{n}\`), its own journal and the gateway's publisher (window 100,
PUBACK-before-delete); ${RATE.toLocaleString('en')} readings/s in total for ${SECONDS} s, round-robin. Broker:
a bare in-process aedes in the same process that authenticates, checks the topic ACL and acknowledges at
once — so this is the generator's own ceiling on this machine, the baseline for pointing it at ingest
(\`node apps/gateway/dist/fleet/main.js --url mqtt://ingest:1883 --credentials creds.json …\`). PUBACK
latency = publish handed to MQTT.js → PUBACK callback, ms. With lmdb each gateway has its own environment
and fsyncs its own group commits.

| journal | connected | target/s | achieved/s | acked/appended | p50 | p90 | p99 | max |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}
`;
    writeSection(BENCH_FILE, 'gateway-fleet', body);
    process.stdout.write(body);
  } finally {
    rmSync(`/tmp/ow-fleet-bench-${process.pid}`, { recursive: true, force: true });
    await new Promise<void>((r) => broker.close(() => r()));
    await new Promise<void>((r) => server.close(() => r()));
  }
}

await main();
