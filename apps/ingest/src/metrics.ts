import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** All ingest metrics on a private registry (one per service instance, so tests can run several). */
export function createMetrics(defaults = true) {
  const registry = new Registry();
  if (defaults) collectDefaultMetrics({ register: registry, prefix: 'ingest_' });
  const r = [registry];
  return {
    registry,
    readingsReceived: new Counter({
      name: 'ingest_readings_received_total',
      help: 'Reading messages received on gateway readings topics',
      registers: r,
    }),
    readingsAccepted: new Counter({
      name: 'ingest_readings_accepted_total',
      help: 'Readings validated and durably written (new or duplicate)',
      registers: r,
    }),
    pointsWritten: new Counter({
      name: 'ingest_points_written_total',
      help: 'Measurement rows inserted into the store',
      registers: r,
    }),
    pointsDuplicate: new Counter({
      name: 'ingest_points_duplicate_total',
      help: 'Measurement rows skipped because their (reading id, index) was already stored',
      registers: r,
    }),
    rejected: new Counter({
      name: 'ingest_rejected_total',
      help: 'Readings rejected and dead-lettered, by code',
      labelNames: ['code'] as const,
      registers: r,
    }),
    authFailures: new Counter({
      name: 'ingest_auth_failures_total',
      help: 'Refused MQTT connections, by reason',
      labelNames: ['reason'] as const,
      registers: r,
    }),
    aclDenied: new Counter({
      name: 'ingest_acl_denied_total',
      help: 'Refused publishes/subscriptions, by action',
      labelNames: ['action'] as const,
      registers: r,
    }),
    writeFailures: new Counter({
      name: 'ingest_write_failures_total',
      help: 'Failed store batches, by classification',
      labelNames: ['kind'] as const,
      registers: r,
    }),
    batchSize: new Histogram({
      name: 'ingest_batch_points',
      help: 'Points per committed batch',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000],
      registers: r,
    }),
    batchLatency: new Histogram({
      name: 'ingest_batch_write_seconds',
      help: 'Store write time per batch (commit + fsync)',
      buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: r,
    }),
    ackLatency: new Histogram({
      name: 'ingest_publish_ack_seconds',
      help: 'Time from receiving a reading to releasing its PUBACK',
      buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: r,
    }),
    livePublishes: new Counter({
      name: 'ingest_live_publishes_total',
      help: 'LiveReading messages published',
      labelNames: ['attribution'] as const,
      registers: r,
    }),
    registryReloadFailures: new Counter({
      name: 'ingest_registry_reload_failures_total',
      help: 'Registry files that could not be read or validated',
      labelNames: ['reason'] as const,
      registers: r,
    }),
    registryVersion: new Gauge({
      name: 'ingest_registry_version',
      help: 'Version of the applied registry snapshot (-1 = none)',
      registers: r,
    }),
    connectedClients: new Gauge({
      name: 'ingest_mqtt_clients',
      help: 'Connected MQTT clients',
      registers: r,
    }),
  };
}

export type IngestMetrics = ReturnType<typeof createMetrics>;
