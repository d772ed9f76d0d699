import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { RegistrySnapshot } from '@openward/contracts';
import { Clock } from '../common/clock.js';
import { LOGGER, type AppLogger } from '../common/logger.js';
import { ApiMetrics } from '../health/metrics.js';
import { RegistryExporter } from './registry-file.js';
import { RegistryFeed } from './registry-feed.js';
import { RegistryRepository } from './registry.repository.js';
import { buildSnapshot, exportVersion } from './registry-snapshot.js';

/**
 * Publishes the `openward.registry/1` snapshot to the feed ingest long-polls and to the export file: at boot
 * (after the seed ran in onModuleInit) and after every registry change ({@link changed}). Exports are
 * serialised so an older snapshot never overwrites a newer one.
 */
@Injectable()
export class RegistryService implements OnApplicationBootstrap {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly repo: RegistryRepository,
    private readonly exporter: RegistryExporter,
    private readonly feed: RegistryFeed,
    private readonly clock: Clock,
    private readonly metrics: ApiMetrics,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.export();
  }

  /** Call after committing a registry write (the write bumped the version in its transaction). */
  changed(): Promise<RegistrySnapshot> {
    return this.export();
  }

  /**
   * Makes the version at least `min` and publishes (ingest DESIGN.md §8.1): a caller holding a higher version
   * than ours (the database was restored or reset while its cache survived) would otherwise ignore every
   * snapshot we send.
   */
  ensureVersionAtLeast(min: number): Promise<RegistrySnapshot> {
    return this.serialised(async () => {
      await this.repo.raiseVersion(min);
      return this.exportNow();
    });
  }

  /**
   * Re-exports when the database holds a newer version than the feed (a write by another API instance or
   * process). Returns whether it did.
   */
  async refreshIfBehind(): Promise<boolean> {
    const published = this.feed.current()?.version ?? -1;
    if ((await this.repo.version()) <= published) return false;
    await this.export();
    return true;
  }

  private export(): Promise<RegistrySnapshot> {
    return this.serialised(() => this.exportNow());
  }

  private serialised(task: () => Promise<RegistrySnapshot>): Promise<RegistrySnapshot> {
    const next = this.chain.then(task);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async exportNow(): Promise<RegistrySnapshot> {
    const { version: dbVersion, content } = await this.repo.read();
    const onDisk = await this.exporter.current();
    const version = exportVersion(dbVersion, content, onDisk);
    if (version !== dbVersion) await this.repo.raiseVersion(version);
    const snapshot = buildSnapshot(content, version, this.clock.now());
    // The feed first: ingest learns of a change even if the file write fails.
    this.feed.publish(snapshot);
    await this.exporter.write(snapshot);
    this.metrics.registryExports.inc();
    this.logger.info(
      { version, gateways: content.gateways.length, devices: content.devices.length },
      'registry exported',
    );
    return snapshot;
  }
}
