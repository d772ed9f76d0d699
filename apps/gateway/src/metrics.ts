import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/** The gateway's Prometheus metrics, on a private registry (no global state between tests). */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly notificationsReceived = new Counter({
    name: 'gateway_notifications_received_total',
    help: 'GATT notifications received from devices',
    labelNames: ['characteristic'] as const,
    registers: [this.registry],
  });
  readonly readingsJournaled = new Counter({
    name: 'gateway_readings_received_total',
    help: 'Readings decoded, built and durably journaled',
    registers: [this.registry],
  });
  readonly readingsPublished = new Counter({
    name: 'gateway_readings_published_total',
    help: 'Reading publishes handed to MQTT (QoS 1), including republishes',
    registers: [this.registry],
  });
  readonly readingsAcked = new Counter({
    name: 'gateway_readings_acked_total',
    help: 'Readings acknowledged by the broker (PUBACK) and removed from the journal',
    registers: [this.registry],
  });
  readonly decodeErrors = new Counter({
    name: 'gateway_decode_errors_total',
    help: 'Notifications whose bytes could not be decoded, by codec error code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly journalErrors = new Counter({
    name: 'gateway_journal_errors_total',
    help: 'Failed journal operations, by operation',
    labelNames: ['op'] as const,
    registers: [this.registry],
  });
  readonly journalDepth = new Gauge({
    name: 'gateway_journal_depth',
    help: 'Readings journaled and not yet acknowledged',
    registers: [this.registry],
  });
  readonly journalOldestAge = new Gauge({
    name: 'gateway_journal_oldest_age_seconds',
    help: 'Age of the oldest unacknowledged reading (0 when empty)',
    registers: [this.registry],
  });
  readonly inFlight = new Gauge({
    name: 'gateway_mqtt_inflight',
    help: 'Reading publishes awaiting PUBACK',
    registers: [this.registry],
  });
  readonly mqttConnected = new Gauge({
    name: 'gateway_mqtt_connected',
    help: '1 when connected to the broker',
    registers: [this.registry],
  });
  readonly mqttReconnects = new Counter({
    name: 'gateway_mqtt_reconnects_total',
    help: 'MQTT reconnect attempts',
    registers: [this.registry],
  });
  readonly mqttReconnectDelay = new Gauge({
    name: 'gateway_mqtt_reconnect_delay_seconds',
    help: 'Backoff the next MQTT reconnect attempt waits if the link is or goes down (full jitter, DESIGN.md §11)',
    registers: [this.registry],
  });
  readonly mqttConnectRefused = new Counter({
    name: 'gateway_mqtt_connect_refused_total',
    help: 'CONNACKs refusing the connection, by return code (3 server unavailable, 4 bad credentials, 5 not authorized)',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly bleReconnects = new Counter({
    name: 'gateway_ble_reconnects_total',
    help: 'Device reconnect attempts scheduled after a lost or failed link',
    registers: [this.registry],
  });
  readonly devicesConnected = new Gauge({
    name: 'gateway_devices_connected',
    help: 'Devices connected and subscribed',
    registers: [this.registry],
  });

  readonly readingsDropped = new Counter({
    name: 'gateway_readings_dropped_total',
    help: 'Decoded values not published, by reason (e.g. no numeric measurement, orphan glucose context)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly specialValues = new Counter({
    name: 'gateway_special_values_total',
    help: 'Measurements omitted because the device sent an SFLOAT/FLOAT special value (NaN, NRes, INF)',
    labelNames: ['characteristic'] as const,
    registers: [this.registry],
  });
  readonly clockFlagged = new Counter({
    name: 'gateway_clock_flagged_total',
    help: 'Readings timed by the gateway because the device clock was not set or implausible',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });
  readonly bleCooldowns = new Counter({
    name: 'gateway_ble_cooldowns_total',
    help: 'Devices put in cool-down after reaching the reconnect retry limit',
    registers: [this.registry],
  });
  readonly devicesMissing = new Gauge({
    name: 'gateway_devices_missing',
    help: 'Allow-listed devices not seen (advert, link or notification) for notSeenAfterSeconds',
    registers: [this.registry],
  });
  readonly deviceLastSeenAge = new Gauge({
    name: 'gateway_device_last_seen_age_seconds',
    help: 'Seconds since a device was last seen (since gateway start if never)',
    labelNames: ['address'] as const,
    registers: [this.registry],
  });
  readonly deviceBattery = new Gauge({
    name: 'gateway_device_battery_level_percent',
    help: 'Battery level last reported by a device',
    labelNames: ['address'] as const,
    registers: [this.registry],
  });
  readonly glucoseRecords = new Counter({
    name: 'gateway_glucose_records_total',
    help: 'Glucose records received over RACP, by outcome (new, duplicate)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly racpTransfers = new Counter({
    name: 'gateway_racp_transfers_total',
    help: 'RACP catch-up transfers, by outcome (done, failed, aborted)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly configApplied = new Counter({
    name: 'gateway_config_messages_total',
    help: 'Retained config messages received, by outcome (applied, stale-version, invalid, wrong-gateway)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly statusPublished = new Counter({
    name: 'gateway_status_published_total',
    help: 'Online status heartbeats published',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'gateway_' });
  }
}
