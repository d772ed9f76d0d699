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
    registrySyncFailures: new Counter({
      name: 'ingest_registry_sync_failures_total',
      help: 'Failed registry feed polls (INGEST_REGISTRY_URL), by reason (DESIGN.md §8.1)',
      labelNames: ['reason'] as const,
      registers: r,
    }),
    registryLastSync: new Gauge({
      name: 'ingest_registry_last_sync_timestamp_seconds',
      help: 'Unix time of the last successful registry feed poll (0 = never)',
      registers: r,
    }),
    connectedClients: new Gauge({
      name: 'ingest_mqtt_clients',
      help: 'Connected MQTT clients',
      registers: r,
    }),
    externalSessionsConnected: new Gauge({
      name: 'ingest_external_sessions_connected',
      help: 'External mode: MQTT sessions of this replica connected to the broker and subscribed to the share (of INGEST_EXTERNAL_SESSIONS, DESIGN.md §10.5)',
      registers: r,
    }),
    authThrottled: new Counter({
      name: 'ingest_auth_throttled_total',
      help: 'Failed-CONNECT throttling (DESIGN.md §13.2), by dimension (address|username) and action (delayed|block_started|refused_while_blocked)',
      labelNames: ['dimension', 'action'] as const,
      registers: r,
    }),
    publishThrottled: new Counter({
      name: 'ingest_publish_throttled_total',
      help: 'Gateway publishes held back by the per-client rate limit (DESIGN.md §13.3), by outcome (delayed|disconnected)',
      labelNames: ['outcome'] as const,
      registers: r,
    }),
    maintenanceSeconds: new Histogram({
      name: 'ingest_maintenance_seconds',
      help: 'Duration of one store maintenance run: rollups, re-clustering, retention (DESIGN.md §12)',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: r,
    }),
    maintenanceFailures: new Counter({
      name: 'ingest_maintenance_failures_total',
      help: 'Store maintenance runs that failed (retried at the next interval)',
      registers: r,
    }),
    rollupBuckets: new Counter({
      name: 'ingest_rollup_buckets_total',
      help: '1-minute and 1-hour rollup buckets written by maintenance',
      registers: r,
    }),
    retentionDeleted: new Counter({
      name: 'ingest_retention_deleted_total',
      help: 'Rows/points deleted by retention, by tier (raw|1m|1h)',
      labelNames: ['tier'] as const,
      registers: r,
    }),
    querySeconds: new Histogram({
      name: 'ingest_query_seconds',
      help: 'History query time in the store, by route (series|readings|days-with-data|latest)',
      labelNames: ['route'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers: r,
    }),
    tlsHandshakeFailures: new Counter({
      name: 'ingest_tls_handshake_failures_total',
      help: 'Connections to the MQTT TLS listener that failed the TLS handshake (DESIGN.md §13.1)',
      registers: r,
    }),
  };
}

export type IngestMetrics = ReturnType<typeof createMetrics>;
