import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { RegistrySnapshot } from '@openward/contracts';
import { LOGGER, type AppLogger } from '../common/logger.js';
import { ApiMetrics } from '../health/metrics.js';
import type { FeedQuery } from './feed-query.js';
import { RegistryFeed } from './registry-feed.js';
import { RegistryService } from './registry.service.js';

/**
 * While long-polls are held, how often the database version is compared with the published one, so a change
 * committed by another API instance (or any other writer) still reaches ingest within seconds.
 */
export const FEED_DB_CHECK_MS = 2000;

/** Answers `GET /internal/v1/registry` (ingest DESIGN.md §8.1). */
@Injectable()
export class RegistryFeedService implements OnModuleDestroy {
  private dbCheck: NodeJS.Timeout | null = null;
  private checking = false;

  constructor(
    private readonly feed: RegistryFeed,
    private readonly registry: RegistryService,
    private readonly metrics: ApiMetrics,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {}

  /**
   * The snapshot when the caller is behind (or has none), else waits up to `waitSeconds` for a change; null =
   * still unchanged (204). A caller ahead of us makes us jump past its version.
   */
  async next(query: FeedQuery, signal: AbortSignal): Promise<RegistrySnapshot | null> {
    let current = this.feed.current() ?? (await this.registry.changed());
    if (query.after !== null && query.after > current.version) {
      this.logger.warn(
        { after: query.after, version: current.version },
        'feed client ahead of the registry; raising the version',
      );
      current = await this.registry.ensureVersionAtLeast(query.after + 1);
    }
    if (query.after === null || current.version > query.after) return this.answered(current);
    this.startDbCheck();
    this.metrics.registryFeedWaiting.inc();
    try {
      return this.answered(await this.feed.waitNewer(query.after, query.waitSeconds * 1000, signal));
    } finally {
      this.metrics.registryFeedWaiting.dec();
      if (this.feed.waiting === 0) this.stopDbCheck();
    }
  }

  onModuleDestroy(): void {
    this.stopDbCheck();
  }

  private answered(s: RegistrySnapshot | null): RegistrySnapshot | null {
    this.metrics.registryFeedResponses.inc({ outcome: s ? 'snapshot' : 'unchanged' });
    return s;
  }

  private startDbCheck(): void {
    if (this.dbCheck) return;
    this.dbCheck = setInterval(() => void this.checkDb(), FEED_DB_CHECK_MS);
    this.dbCheck.unref();
  }

  private stopDbCheck(): void {
    if (this.dbCheck) clearInterval(this.dbCheck);
    this.dbCheck = null;
  }

  private async checkDb(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      await this.registry.refreshIfBehind();
    } catch (e) {
      this.logger.warn({ err: e instanceof Error ? e.name : 'unknown' }, 'registry version check failed');
    } finally {
      this.checking = false;
    }
  }
}
