import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { Authenticator } from './broker/authenticator.js';
import { IngestBroker } from './broker/broker.js';
import { loadTlsMaterial, type TlsMaterial } from './broker/tls-material.js';
import { ConfigError, type IngestConfig } from './config.js';
import { ExternalConsumer } from './external/consumer.js';
import { startHttpServer } from './http/server.js';
import { createMetrics, type IngestMetrics } from './metrics.js';
import { createRegistry } from './registry/open-registry.js';
import type { CachedRegistry } from './registry/registry-cache.js';
import { BatchWriter } from './store/batch-writer.js';
import { MaintenanceLoop } from './store/maintenance-loop.js';
import { DEFAULT_MAINTENANCE_INTERVAL_MS, DEFAULT_RETENTION } from './store/retention-config.js';
import { openStore } from './store/open-store.js';
import type { VitalsStore } from './store/vitals-store.js';

/** Consecutive failed batches after which the store is reported not ready (DESIGN.md §7.1). */
const UNHEALTHY_AFTER_FAILURES = 5;

export interface IngestApp {
  /** Plain MQTT port; 0 in external mode or when `INGEST_MQTT_PORT=off`. */
  mqttPort: number;
  /** MQTT over TLS port; 0 when no TLS listener is configured (DESIGN.md §13.1). */
  mqttTlsPort: number;
  httpPort: number;
  store: VitalsStore;
  /** File or feed adapter (DESIGN.md §8), both with the on-disk cache. */
  registry: CachedRegistry;
  /** The embedded aedes broker; null in external mode (DESIGN.md §10). */
  broker: IngestBroker | null;
  /** Rollups and retention every INGEST_MAINTENANCE_INTERVAL_MS (DESIGN.md §12); `runOnce()` for tests. */
  maintenance: MaintenanceLoop;
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
  // DESIGN.md §13.1: certificate files are read and checked before anything starts; a bad one names its variable.
  let tls: TlsMaterial | null = null;
  if (config.mqttTls && config.mode !== 'external') {
    const loaded = loadTlsMaterial(config.mqttTls);
    if (!loaded.ok) throw new ConfigError(loaded.variable, loaded.problem);
    tls = loaded.material;
    const expired = tls.validToMs <= now();
    logger[expired ? 'error' : 'info'](
      { subject: tls.subject, validTo: new Date(tls.validToMs).toISOString() },
      expired ? 'MQTT TLS certificate has EXPIRED: gateways will refuse it' : 'MQTT TLS certificate loaded',
    );
  }
  const metrics = createMetrics(opts.defaultMetrics ?? true);
  metrics.registryVersion.set(-1);
  metrics.registryLastSync.set(0);
  const registry = createRegistry(config, { logger, metrics, now });
  await registry.start();
  const store = await openStore(config).catch(async (e: unknown) => {
    await registry.stop();
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
        // DESIGN.md §10.5: sessions `ingest-<replica>-s1…sN`, all feeding the one BatchWriter.
        replicaClientId: `ingest-${config.external.replicaId}`,
        sessions: config.external.sessions,
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
        tls:
          config.mqttTls && tls
            ? { host: config.mqttTls.host, port: config.mqttTls.port, material: tls }
            : null,
        ...(config.mqttLimits ? { limits: config.mqttLimits } : {}),
        registry,
        authenticator,
        writer,
        metrics,
        logger,
        now,
      });
    }
  } catch (e) {
    await registry.stop();
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
      observeQuery: (route, seconds) => metrics.querySeconds.observe({ route }, seconds),
      readiness: () => ({
        mqtt: sourceReady(),
        store: store.isOpen() && writer.failuresInARow < UNHEALTHY_AFTER_FAILURES,
        registry: registry.isLoaded(),
      }),
    });
  } catch (e) {
    await source.close();
    await registry.stop();
    await store.close();
    throw e;
  }
  const maintenance = new MaintenanceLoop({
    store,
    policy: config.retention ?? DEFAULT_RETENTION,
    intervalMs: config.maintenanceIntervalMs ?? DEFAULT_MAINTENANCE_INTERVAL_MS,
    now,
    logger,
    metrics,
  });
  maintenance.start();
  const address = http.address();
  let closing: Promise<void> | null = null;
  return {
    mqttPort: broker?.port ?? 0,
    mqttTlsPort: broker?.tlsPort ?? 0,
    httpPort: typeof address === 'object' && address ? address.port : 0,
    store,
    registry,
    broker,
    consumer,
    maintenance,
    metrics,
    close: () =>
      (closing ??= (async () => {
        source.stopAccepting();
        await writer.flush();
        await source.close();
        await registry.stop();
        await new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeAllConnections();
        });
        await writer.flush();
        await maintenance.stop();
        await store.close();
      })()),
  };
}
