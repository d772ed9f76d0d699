import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { LOGGER, type AppLogger } from '../common/logger.js';
import { ApiMetrics } from '../health/metrics.js';
import { LiveFeed } from './live-feed.js';
import { parseLiveMessage } from './live-message.js';
import { VitalBroadcaster } from './vital-broadcaster.js';

/**
 * Consumes ingest's live feed and fans each valid reading out to socket.io rooms. An invalid message is
 * counted and logged (topic and code only, no payload: it may hold PHI) and never stops the stream.
 */
@Injectable()
export class LiveConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    private readonly feed: LiveFeed,
    private readonly broadcaster: VitalBroadcaster,
    private readonly metrics: ApiMetrics,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.feed.start((topic, payload) => this.handle(topic, payload));
  }

  async onModuleDestroy(): Promise<void> {
    await this.feed.stop();
  }

  /** Never throws: a throw here would surface inside the MQTT client's event loop. */
  handle(topic: string, payload: Uint8Array): void {
    try {
      const r = parseLiveMessage(topic, payload);
      if (r.ok) {
        this.broadcaster.broadcast(r.event);
        this.metrics.liveMessages.inc({ outcome: 'emitted' });
      } else if (r.code === 'UNASSIGNED') {
        this.metrics.liveMessages.inc({ outcome: 'unassigned' });
      } else {
        this.metrics.liveMessages.inc({ outcome: 'invalid' });
        this.logger.warn({ topic, code: r.code, bytes: payload.byteLength }, 'invalid live message dropped');
      }
    } catch (e) {
      this.metrics.liveMessages.inc({ outcome: 'invalid' });
      this.logger.error(
        { topic, err: e instanceof Error ? e.message : String(e) },
        'live message handling failed',
      );
    }
  }
}
