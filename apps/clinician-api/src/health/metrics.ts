import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The API's Prometheus registry (one per app instance, not prom-client's global, so several apps in one test
 * process do not collide) and the counters features increment.
 */
export class ApiMetrics {
  readonly registry = new Registry();
  readonly liveMessages = new Counter({
    name: 'openward_api_live_messages_total',
    help: 'Live MQTT messages consumed, by outcome (emitted, invalid, unassigned)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly logins = new Counter({
    name: 'openward_api_logins_total',
    help: 'Login attempts by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly registryExports = new Counter({
    name: 'openward_api_registry_exports_total',
    help: 'Registry snapshot files written',
    registers: [this.registry],
  });
  readonly registryFeedResponses = new Counter({
    name: 'openward_api_registry_feed_responses_total',
    help: 'Registry feed answers to ingest, by outcome (snapshot = 200, unchanged = 204)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly registryFeedWaiting = new Gauge({
    name: 'openward_api_registry_feed_waiting',
    help: 'Registry feed long-polls currently held (one per connected ingest replica)',
    registers: [this.registry],
  });

  readonly auditQueueDepth = new Gauge({
    name: 'openward_api_audit_queue_depth',
    help: 'Audit entries waiting for the group commit (bounded by API_AUDIT_QUEUE_MAX)',
    registers: [this.registry],
  });
  readonly auditBatchSize = new Histogram({
    name: 'openward_api_audit_batch_size',
    help: 'Audit entries committed per transaction (group commit)',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
    registers: [this.registry],
  });
  readonly auditWriteFailures = new Counter({
    name: 'openward_api_audit_write_failures_total',
    help: 'Audit entries refused (queue-full, closed) or whose commit failed (flush-error); each answered 503',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'openward_api_' });
  }
}
