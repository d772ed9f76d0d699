import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { Authenticator } from './broker/authenticator.js';
import { IngestBroker } from './broker/broker.js';
import type { IngestConfig } from './config.js';
import { ExternalConsumer } from './external/consumer.js';
import { startHttpServer } from './http/server.js';
import { createMetrics, type IngestMetrics } from './metrics.js';
import { FileRegistry } from './registry/file-registry.js';
import { BatchWriter } from './store/batch-writer.js';
import { openStore } from './store/open-store.js';
import type { VitalsStore } from './store/vitals-store.js';

/** Consecutive failed batches after which the store is reported not ready (DESIGN.md §7.1). */
const UNHEALTHY_AFTER_FAILURES = 5;

export interface IngestApp {
  mqttPort: number;
  httpPort: number;
  store: VitalsStore;
  registry: FileRegistry;
  /** The embedded aedes broker; null in external mode (DESIGN.md §10). */
  broker: IngestBroker | null;
  /** The Mosquitto consumer; null in embedded mode. */
  consumer: ExternalConsumer | null;
  metrics: IngestMetrics;
  /** Graceful stop: stop accepting, flush, close broker, close store (DESIGN.md §7). */
  close(): Promise<void>;
}

export interface StartOptions {
  now?: () => number;
  /** prom-client default process metrics (off in tests that start several instances). */
  defaultMetrics?: boolean;
}

/** Wires ingest from a validated config. Used by main.ts and by the in-process integration tests. */
export async function startIngest(
  config: IngestConfig,
  logger: Logger,
  opts: StartOptions = {},
): Promise<IngestApp> {
  const now = opts.now ?? Date.now;
  const metrics = createMetrics(opts.defaultMetrics ?? true);
  metrics.registryVersion.set(-1);
  const registry = new FileRegistry({ file: config.registryFile, dataDir: config.dataDir, logger, metrics });
  await registry.start();
  const store = await openStore(config).catch((e: unknown) => {
    registry.stop();
    throw e;
  });
  const writer = new BatchWriter({
    store,
    now,
    maxWaitMs: config.batchMaxWaitMs,
    maxPoints: config.batchMaxPoints,
    onBatch: (b) => {
      if (b.error) {
        metrics.writeFailures.inc({ kind: b.error.kind });
        return;
      }
      metrics.batchSize.observe(b.points + b.deadLetters);
      metrics.batchLatency.observe(b.durationMs / 1000);
      metrics.pointsWritten.inc(b.result?.inserted ?? 0);
      metrics.pointsDuplicate.inc(b.result?.duplicates ?? 0);
    },
  });
  const authenticator = new Authenticator(registry, config.serviceToken);
  let broker: IngestBroker | null = null;
  let consumer: ExternalConsumer | null = null;
  let http: Server;
  try {
    if (config.mode === 'external' && config.external) {
      consumer = await ExternalConsumer.start({
        url: config.external.url,
        username: config.external.username,
        password: config.serviceToken,
        clientId: `ingest-${config.external.replicaId}`,
        shareGroup: config.external.shareGroup,
        registry,
        writer,
        metrics,
        logger,
        now,
      });
    } else {
      broker = await IngestBroker.start({
        host: config.mqttHost,
        port: config.mqttPort,
        registry,
        authenticator,
        writer,
        metrics,
        logger,
        now,
      });
    }
  } catch (e) {
    registry.stop();
    await store.close();
    throw e;
  }
  const source = consumer ?? broker;
  if (!source) throw new Error('unreachable: no message source');
  const sourceReady = (): boolean => consumer?.isConnected() ?? broker?.isListening() ?? false;
  try {
    http = await startHttpServer({
      host: config.httpHost,
      port: config.httpPort,
      serviceToken: config.serviceToken,
      store,
      metricsRegistry: metrics.registry,
      logger,
      readiness: () => ({
        mqtt: sourceReady(),
        store: store.isOpen() && writer.failuresInARow < UNHEALTHY_AFTER_FAILURES,
        registry: registry.isLoaded(),
      }),
    });
  } catch (e) {
    await source.close();
    registry.stop();
    await store.close();
    throw e;
  }
  const address = http.address();
  let closing: Promise<void> | null = null;
  return {
    mqttPort: broker?.port ?? 0,
    httpPort: typeof address === 'object' && address ? address.port : 0,
    store,
    registry,
    broker,
    consumer,
    metrics,
    close: () =>
      (closing ??= (async () => {
        source.stopAccepting();
        await writer.flush();
        await source.close();
        registry.stop();
        await new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeAllConnections();
        });
        await writer.flush();
        await store.close();
      })()),
  };
}
