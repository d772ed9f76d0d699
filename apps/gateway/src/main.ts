import { createRequire } from 'node:module';
import { join } from 'node:path';
import { decodeHeartRateMeasurement } from '@openward/ble-codecs';
import { pino } from 'pino';
import { createNoble } from './ble/create-noble.js';
import { DeviceSupervisor } from './ble/device-supervisor.js';
import { parseConfig } from './config.js';
import { createHttpServer, listen } from './http.js';
import { LmdbJournal } from './journal/lmdb-journal.js';
import { GatewayMetrics } from './metrics.js';
import { ReadingPublisher } from './mqtt/publisher.js';
import { NotificationPipeline } from './readings/pipeline.js';

const require = createRequire(import.meta.url);
const { version } = require('../package.json') as { version: string };

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
  const startedAt = new Date().toISOString();
  const metrics = new GatewayMetrics();
  const journal = LmdbJournal.open(join(config.dataDir, 'journal'));
  logger.info({ dataDir: config.dataDir, queueDepth: journal.size() }, 'journal opened');

  const publisher = new ReadingPublisher({
    url: config.mqttUrl,
    gatewayId: config.gatewayId,
    secret: config.gatewaySecret,
    journal,
    metrics,
    logger: logger.child({ component: 'mqtt' }),
    version,
    startedAt,
  });
  const pipeline = new NotificationPipeline({
    gatewayId: config.gatewayId,
    journal,
    decodeHeartRate: decodeHeartRateMeasurement,
    onJournaled: () => publisher.pump(),
    metrics,
    logger: logger.child({ component: 'readings' }),
  });
  const noble = createNoble(config, logger.child({ component: 'ble' }));
  const supervisor = new DeviceSupervisor(noble, {
    allowedDevices: config.allowedDevices,
    onNotification: (n) => pipeline.handle(n),
    logger: logger.child({ component: 'ble' }),
    metrics,
  });

  const sampleJournal = (): { depth: number; oldestAgeSeconds: number } => {
    const oldest = journal.oldestAppendedAt();
    const snapshot = {
      depth: journal.size(),
      oldestAgeSeconds: oldest === null ? 0 : Math.max(0, (Date.now() - oldest) / 1000),
    };
    metrics.journalDepth.set(snapshot.depth);
    metrics.journalOldestAge.set(snapshot.oldestAgeSeconds);
    return snapshot;
  };
  const server = createHttpServer({
    metrics,
    beforeScrape: sampleJournal,
    health: () => {
      const ok = publisher.connected && supervisor.radioState === 'poweredOn';
      return {
        status: ok ? 'ok' : 'degraded',
        gatewayId: config.gatewayId,
        mqtt: { connected: publisher.connected, inFlight: publisher.inFlightCount },
        radio: { state: supervisor.radioState },
        devices: { connected: supervisor.connectedCount },
        journal: sampleJournal(),
      };
    },
  });
  const httpPort = await listen(server, config.httpHost, config.httpPort);

  publisher.start();
  supervisor.start();
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
      await supervisor.stop();
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
