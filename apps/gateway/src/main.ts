import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { topics, type GatewayStatus } from '@openward/contracts';
import { pino } from 'pino';
import { createNoble } from './ble/create-noble.js';
import { DeviceSupervisor } from './ble/device-supervisor.js';
import { parseConfig, type GatewayConfig } from './config.js';
import { initialPolicy } from './devices/allow-list.js';
import { handleConfigMessage } from './devices/remote-config.js';
import { SequenceStore } from './devices/sequence-store.js';
import { createHttpServer, listen } from './http.js';
import { registerStoreForwardMetrics } from './journal/journal-metrics.js';
import { LmdbJournal } from './journal/lmdb-journal.js';
import { GatewayMetrics } from './metrics.js';
import { ReadingPublisher, type PublisherTls } from './mqtt/publisher.js';
import { NotificationPipeline } from './readings/pipeline.js';
import { StatusHeartbeat, offlineStatus, onlineStatus } from './status/status-report.js';

const require = createRequire(import.meta.url);
const { version } = require('../package.json') as { version: string };

function tlsOf(config: GatewayConfig): PublisherTls | undefined {
  const { caFile, certFile, keyFile } = config.mqttTls;
  if (!caFile && !certFile) return undefined;
  return {
    ...(caFile ? { ca: readFileSync(caFile) } : {}),
    ...(certFile ? { cert: readFileSync(certFile) } : {}),
    ...(keyFile ? { key: readFileSync(keyFile) } : {}),
  };
}

async function main(): Promise<void> {
  const parsed = parseConfig(process.env);
  if (!parsed.ok) {
    pino({ base: { service: 'gateway' } }).fatal(
      { variable: parsed.variable, reason: parsed.message },
      `invalid configuration: ${parsed.variable} ${parsed.message}`,
    );
    process.exit(2);
  }
  const config = parsed.config;
  const logger = pino({ level: config.logLevel, base: { service: 'gateway', gatewayId: config.gatewayId } });
  const startedAtMs = Date.now();
  const startedAt = new Date(startedAtMs).toISOString();
  const metrics = new GatewayMetrics();
  const journal = LmdbJournal.open(join(config.dataDir, 'journal'), { maxBytes: config.journalMaxBytes });
  const sequences = SequenceStore.open(join(config.dataDir, 'glucose-sequences.json'));
  logger.info({ dataDir: config.dataDir, queueDepth: journal.size() }, 'journal opened');

  // The supervisor is created below; the status callbacks only run after start().
  let supervisor: DeviceSupervisor | null = null;
  const buildOnline = (): GatewayStatus => {
    const stats = publisher.stats();
    return onlineStatus({
      gatewayId: config.gatewayId,
      version,
      startedAtMs,
      nowMs: Date.now(),
      queue: {
        queueDepth: stats.queueDepth,
        oldestUnsentAgeSeconds: stats.oldestUnsentAgeSeconds,
        evicted: stats.evicted.total,
      },
      configVersion: supervisor?.currentPolicy.configVersion ?? null,
      devices: supervisor?.snapshot() ?? [],
    });
  };
  const tls = tlsOf(config);
  const publisher = new ReadingPublisher({
    url: config.mqttUrl,
    gatewayId: config.gatewayId,
    secret: config.gatewaySecret,
    journal,
    metrics,
    logger: logger.child({ component: 'mqtt' }),
    version,
    startedAt,
    replayRatePerSecond: config.replayRatePerSecond,
    ...(tls ? { tls } : {}),
    status: {
      online: buildOnline,
      offline: () => offlineStatus(config.gatewayId),
    },
  });
  registerStoreForwardMetrics(metrics.registry, () => publisher.stats());
  // lmdb-js can leave a failed commit (disk filled by another process) as an unhandled rejection inside
  // its own code; log it rather than let Node end the process: the journal lowers its bound and retries
  // (DESIGN.md §9), and every acknowledged reading is already safe.
  process.on('unhandledRejection', (e) =>
    logger.error({ err: e instanceof Error ? e.message : String(e) }, 'unhandled rejection'),
  );
  const pipeline = new NotificationPipeline({
    gatewayId: config.gatewayId,
    journal,
    onJournaled: () => publisher.pump(),
    metrics,
    logger: logger.child({ component: 'readings' }),
  });
  const noble = createNoble(config, logger.child({ component: 'ble' }));
  const sup = new DeviceSupervisor(noble, {
    policy: initialPolicy(config.allowedDevices, config.notSeenAfterSeconds),
    sink: pipeline,
    sequences,
    logger: logger.child({ component: 'ble' }),
    metrics,
    maxAttempts: config.bleMaxAttempts,
    cooldownMs: config.bleCooldownSeconds * 1000,
  });
  supervisor = sup;
  const heartbeat = new StatusHeartbeat({
    gatewayId: config.gatewayId,
    intervalMs: config.statusIntervalSeconds * 1000,
    build: buildOnline,
    publishRetained: (topic, payload) => publisher.publishRetained(topic, payload),
    isConnected: () => publisher.connected,
    metrics,
    logger: logger.child({ component: 'status' }),
  });
  publisher.subscribe(topics.config(config.gatewayId), (payload) =>
    handleConfigMessage(payload, {
      gatewayId: config.gatewayId,
      envAddresses: config.allowedDevices,
      current: () => sup.currentPolicy,
      applyPolicy: (policy) => sup.setPolicy(policy),
      applyReplayRate: (rate) => publisher.setReplayRate(rate),
      onApplied: () => void heartbeat.publishNow(),
      metrics,
      logger: logger.child({ component: 'config' }),
    }),
  );

  const sampleJournal = (): { depth: number; oldestAgeSeconds: number } => {
    const stats = publisher.stats();
    metrics.journalDepth.set(stats.queueDepth);
    metrics.journalOldestAge.set(stats.oldestUnsentAgeSeconds);
    return { depth: stats.queueDepth, oldestAgeSeconds: stats.oldestUnsentAgeSeconds };
  };
  const server = createHttpServer({
    metrics,
    beforeScrape: sampleJournal,
    health: () => {
      const ok = publisher.connected && sup.radioState === 'poweredOn';
      const devices = sup.snapshot();
      return {
        status: ok ? 'ok' : 'degraded',
        gatewayId: config.gatewayId,
        mqtt: { connected: publisher.connected, inFlight: publisher.inFlightCount },
        radio: { state: sup.radioState },
        devices: {
          connected: sup.connectedCount,
          known: devices.length,
          missing: devices.filter((d) => d.missing).length,
          list: devices,
        },
        journal: sampleJournal(),
        configVersion: sup.currentPolicy.configVersion,
      };
    },
  });
  const httpPort = await listen(server, config.httpHost, config.httpPort);

  publisher.start();
  sup.start();
  heartbeat.start();
  // Noble initialises its binding on the next tick; the HCI binding then adds a SIGINT listener that
  // exits the process if it is the last one, so ours are registered afterwards.
  await new Promise((r) => setImmediate(r));

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const hardStop = setTimeout(() => {
      logger.error('shutdown timed out');
      process.exit(1);
    }, 15_000);
    hardStop.unref();
    void (async () => {
      heartbeat.stop();
      await sup.stop();
      await pipeline.drain();
      await publisher.stop();
      await new Promise<void>((r) => server.close(() => r()));
      await journal.close();
      logger.info({ queueDepth: journal.size() }, 'stopped');
      process.exit(0);
    })().catch((e: unknown) => {
      logger.error({ err: String(e) }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  logger.info(
    { httpPort, binding: config.bleBinding, allowedDevices: config.allowedDevices.length, version },
    'ready',
  );
}

main().catch((e: unknown) => {
  // Startup failure after config (e.g. journal cannot be opened): JSON to stdout like every other line.
  process.stdout.write(`${JSON.stringify({ level: 60, msg: 'startup failed', err: String(e) })}\n`);
  process.exit(1);
});
