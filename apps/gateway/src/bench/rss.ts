// Benchmark: resident memory (RSS) of the real gateway process with a full kit of seven simulated
// devices streaming for ~60 s (issue 4 target ≤ 100 MB), against a baseline measured in the same run: a
// bare `node -e` process holding one connected MQTT.js client. Run after building the gateway and
// firmware-sim:
//   node apps/gateway/dist/bench/rss.js [seconds=60]
// Rewrites the `gateway-rss` section of docs/benchmarks.md.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  freePort,
  machine,
  startNode,
  summarize,
  writeSection,
  type ManagedProcess,
} from '@openward/testing';
import { Aedes } from 'aedes';
import { BENCH_FILE } from './kit.js';

const SECONDS = Number(process.argv[2] ?? 60);
const here = dirname(fileURLToPath(import.meta.url));
const GATEWAY_MAIN = join(here, '../main.js');
const SIM_MAIN = join(here, '../../../../firmware-sim/dist/main.js');
const GATEWAY_ID = 'gw-bench-rss-1';
const SECRET = 'bench-secret';

const KIT = [
  { address: 'c0:ff:ee:0b:00:01', kind: 'heart-rate-strap', localName: 'OW-HRM', baselineBpm: 70 },
  { address: 'c0:ff:ee:0b:00:02', kind: 'pulse-oximeter', localName: 'OW-PLX' },
  { address: 'c0:ff:ee:0b:00:03', kind: 'blood-pressure-cuff', localName: 'OW-BPM' },
  { address: 'c0:ff:ee:0b:00:04', kind: 'thermometer', localName: 'OW-THERMO' },
  { address: 'c0:ff:ee:0b:00:05', kind: 'glucose-meter', localName: 'OW-GLU', storedRecords: 20 },
  { address: 'c0:ff:ee:0b:00:06', kind: 'weight-scale', localName: 'OW-SCALE' },
  { address: 'c0:ff:ee:0b:00:07', kind: 'body-composition-scale', localName: 'OW-BCS' },
];
/** Spot devices are asked to measure every few seconds so every profile keeps producing readings. */
const SPOT = KIT.filter((d) => !['heart-rate-strap', 'pulse-oximeter', 'glucose-meter'].includes(d.kind));

/** Resident set size of a process in MiB, from /proc (Linux). */
function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]);
  return kb / 1024;
}

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  return (await res.json()) as T;
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function startBroker(): Promise<{ port: number; close: () => Promise<void>; count: () => number }> {
  let readings = 0;
  const broker = await Aedes.createBroker({
    authorizePublish: (_client, packet, cb) => {
      if (packet.topic.endsWith('/readings')) readings++;
      cb(null);
    },
  });
  const server: Server = createServer(broker.handle);
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return {
    port,
    count: () => readings,
    close: async () => {
      await new Promise<void>((r) => broker.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** `node -e` with one connected MQTT.js client: what any Node MQTT publisher costs at least. */
async function baselineRss(mqttPort: number): Promise<number> {
  const code = `const mqtt = require('mqtt');
const c = mqtt.connect('mqtt://127.0.0.1:${mqttPort}', { clientId: 'bench-baseline', protocolVersion: 4 });
c.on('connect', () => console.log('connected'));
setInterval(() => {}, 1000);`;
  const child: ChildProcess = spawn(process.execPath, ['-e', code], {
    cwd: join(here, '../..'), // resolve `mqtt` from the gateway's dependencies
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (b: Buffer) => {
      if (b.toString().includes('connected')) resolve();
    });
    child.once('exit', () => reject(new Error('baseline process exited')));
  });
  await new Promise((r) => setTimeout(r, 2_000)); // let it settle like the gateway does
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(rssMiB(child.pid as number));
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGTERM');
  return Math.max(...samples);
}

interface Run {
  label: string;
  samples: number[];
  readings: number;
  seconds: number;
}

/** Runs the gateway (own data dir, fresh sim) for SECONDS with all seven devices and samples its RSS. */
async function runGateway(
  broker: Awaited<ReturnType<typeof startBroker>>,
  label: string,
  nodeOptions: string,
): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ow-bench-rss-'));
  let sim: ManagedProcess | null = null;
  let gateway: ManagedProcess | null = null;
  try {
    sim = startNode('firmware-sim', SIM_MAIN, [], {
      env: {
        SIM_RADIO_PORT: '0',
        SIM_CONTROL_PORT: '0',
        SIM_DEVICES: JSON.stringify(KIT),
        LOG_LEVEL: 'info',
      },
    });
    const simReady = JSON.parse(await sim.waitForLine(/"msg":"ready"/)) as Record<string, number>;
    const control = `http://127.0.0.1:${simReady['controlPort']}`;
    gateway = startNode('gateway', GATEWAY_MAIN, [], {
      env: {
        GATEWAY_ID: GATEWAY_ID,
        GATEWAY_SECRET: SECRET,
        GATEWAY_MQTT_URL: `mqtt://127.0.0.1:${broker.port}`,
        GATEWAY_SIM_RADIO: `127.0.0.1:${simReady['radioPort']}`,
        GATEWAY_DATA_DIR: dataDir,
        GATEWAY_HTTP_PORT: '0',
        LOG_LEVEL: 'info', // a handful of lines: connects, RACP, ready; nothing per reading
        NODE_OPTIONS: nodeOptions,
      },
    });
    const gwReady = JSON.parse(await gateway.waitForLine(/"msg":"ready"/)) as Record<string, number>;
    const httpPort = gwReady['httpPort'];
    const pid = gateway.pid as number;
    await until(
      async () =>
        (await json<{ devices: { connected: number } }>(`http://127.0.0.1:${httpPort}/health`)).devices
          .connected === 7,
      'seven devices connected',
    );
    const startReadings = broker.count();
    const samples: number[] = [];
    const t0 = Date.now();
    let tick = 0;
    while (Date.now() - t0 < SECONDS * 1000) {
      await new Promise((r) => setTimeout(r, 1_000));
      samples.push(rssMiB(pid));
      if (tick++ % 5 === 0) {
        for (const d of SPOT) {
          await fetch(`${control}/devices/${d.address}/measure`, { method: 'POST', body: '{}' }).catch(
            () => undefined,
          );
        }
      }
    }
    return { label, samples, readings: broker.count() - startReadings, seconds: (Date.now() - t0) / 1000 };
  } finally {
    await gateway?.stop();
    await sim?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const MB_IN_MIB = 1e6 / 2 ** 20; // the target is 100 MB (10^6 bytes) = 95.4 MiB

async function main(): Promise<void> {
  const broker = await startBroker();
  try {
    const baseline = await baselineRss(broker.port);
    const runs = [
      await runGateway(broker, 'gateway, Node defaults', ''),
      await runGateway(broker, 'gateway, `--max-semi-space-size=1`', '--max-semi-space-size=1'),
    ];
    const rows = runs.map((r) => {
      const s = summarize(r.samples);
      const verdict = s.max <= 100 * MB_IN_MIB ? 'yes' : 'no';
      return `| ${r.label} | ${s.max.toFixed(1)} | ${s.p50.toFixed(1)} | ${(r.samples.at(-1) ?? NaN).toFixed(1)} | ${(r.readings / r.seconds).toFixed(1)} | ${verdict} |`;
    });
    const body = `## Gateway RSS with 7 devices streaming (\`node apps/gateway/dist/bench/rss.js\`)

Measured ${new Date().toISOString()} on ${machine()}.
The built gateway (real noble with the sim binding, lmdb journal with durable commits, MQTT.js QoS 1 to an
in-process aedes broker) with one device of each of the seven kinds from firmware-sim: heart-rate strap
and pulse oximeter streaming at 1 Hz, BP cuff, thermometer and both scales asked to measure every 5 s
(cuff inflation series, intermediate temperatures, spot values), the glucose meter's 20 stored records
fetched over RACP on connect. RSS sampled from /proc once a second for ${SECONDS} s after all seven were
connected, once with Node's default heap settings and once with a 1 MiB young-generation semi-space.
Baseline in the same run: a bare \`node -e\` process holding one connected MQTT.js client.

| process | RSS MiB (max) | RSS MiB (median) | RSS MiB (last) | readings/s | ≤ 100 MB (95.4 MiB) |
| --- | --- | --- | --- | --- | --- |
| baseline: \`node -e\` + one MQTT.js client | ${baseline.toFixed(1)} | – | – | – | ${baseline <= 100 * MB_IN_MIB ? 'yes' : 'no'} |
${rows.join('\n')}

Node 20 itself accounts for most of it (the baseline). With the defaults the young generation grows to
its 16 MiB semi-spaces before the first scavenges, so the peak comes in the first seconds and RSS then
settles lower; \`--max-semi-space-size=1\` (recommended in the systemd unit's \`NODE_OPTIONS\`) keeps the
peak down at a small CPU cost for more frequent scavenges.
`;
    writeSection(BENCH_FILE, 'gateway-rss', body);
    process.stdout.write(`${body}\n`);
  } finally {
    await broker.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${String(e)}\n`);
  process.exit(1);
});
