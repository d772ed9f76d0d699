import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { Authenticator } from './broker/authenticator.js';
import { IngestBroker } from './broker/broker.js';
import type { IngestConfig } from './config.js';
import { startHttpServer } from './http/server.js';
import { createMetrics, type IngestMetrics } from './metrics.js';
import { FileRegistry } from './registry/file-registry.js';
import { BatchWriter } from './store/batch-writer.js';
import { DuckDbVitalsStore } from './store/duckdb-store.js';
import type { VitalsStore } from './store/vitals-store.js';

/** Consecutive failed batches after which the store is reported not ready (DESIGN.md §7.1). */
const UNHEALTHY_AFTER_FAILURES = 5;

export interface IngestApp {
  mqttPort: number;
  httpPort: number;
  store: VitalsStore;
  registry: FileRegistry;
  broker: IngestBroker;
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
  const store = await DuckDbVitalsStore.open(config.dataDir);
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
  let broker: IngestBroker;
  let http: Server;
  try {
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
  } catch (e) {
    registry.stop();
    await store.close();
    throw e;
  }
  try {
    http = await startHttpServer({
      host: config.httpHost,
      port: config.httpPort,
      serviceToken: config.serviceToken,
      store,
      metricsRegistry: metrics.registry,
      logger,
      readiness: () => ({
        mqtt: broker.isListening(),
        store: store.isOpen() && writer.failuresInARow < UNHEALTHY_AFTER_FAILURES,
        registry: registry.isLoaded(),
      }),
    });
  } catch (e) {
    await broker.close();
    registry.stop();
    await store.close();
    throw e;
  }
  const address = http.address();
  let closing: Promise<void> | null = null;
  return {
    mqttPort: broker.port,
    httpPort: typeof address === 'object' && address ? address.port : 0,
    store,
    registry,
    broker,
    metrics,
    close: () =>
      (closing ??= (async () => {
        broker.stopAccepting();
        await writer.flush();
        await broker.close();
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
