import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { topics } from '@openward/contracts';
import { connect, type MqttClient } from 'mqtt';
import { AppConfig } from '../config/app-config.js';
import { LOGGER, type AppLogger } from '../common/logger.js';

/** MQTT username of this service at ingest's broker (password: API_SERVICE_TOKEN). */
export const MQTT_SERVICE_USERNAME = 'svc:clinician-api';

export type LiveMessageHandler = (topic: string, payload: Uint8Array) => void;

/** Port: the stream of live readings from ingest. */
export abstract class LiveFeed {
  abstract start(onMessage: LiveMessageHandler): void;
  abstract stop(): Promise<void>;
}

/** MQTT.js adapter: QoS 1 subscription to `openward/v1/live/#`, reconnecting forever. */
@Injectable()
export class MqttLiveFeed extends LiveFeed {
  private client: MqttClient | null = null;

  constructor(
    private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {
    super();
  }

  start(onMessage: LiveMessageHandler): void {
    const client = connect(this.config.ingestMqttUrl, {
      username: MQTT_SERVICE_USERNAME,
      password: this.config.serviceToken,
      clientId: `svc-clinician-api-${randomBytes(4).toString('hex')}`,
      protocolVersion: 4, // aedes speaks MQTT 3.1.1 only
      clean: true,
      reconnectPeriod: 1_000,
      connectTimeout: 5_000,
    });
    this.client = client;
    client.on('connect', (connack) => {
      this.logger.info({ sessionPresent: connack.sessionPresent }, 'live feed connected');
      if (connack.sessionPresent) return;
      client.subscribe(topics.liveAll, { qos: 1 }, (err, granted) => {
        if (err) this.logger.error({ err: err.message }, 'live feed subscribe failed');
        else
          this.logger.info(
            { granted: granted?.map((g) => ({ topic: g.topic, qos: g.qos })) },
            'live feed subscribed',
          );
      });
    });
    client.on('message', (topic, payload) => onMessage(topic, payload));
    // Warn once per outage, not on every reconnect attempt while ingest is down.
    let warned = false;
    client.on('connect', () => {
      warned = false;
    });
    client.on('error', (err) => {
      if (warned) return this.logger.debug({ err: err.message }, 'live feed error');
      warned = true;
      this.logger.warn({ err: err.message }, 'live feed unavailable, retrying');
    });
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client) await client.endAsync(true);
  }
}
