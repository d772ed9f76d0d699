import type { Logger } from 'pino';
import type { IngestMetrics } from '../metrics.js';
import { FileRegistry } from './file-registry.js';
import { HttpRegistry } from './http-registry.js';
import type { CachedRegistry } from './registry-cache.js';
import type { RegistryFeedConfig } from './registry-config.js';

export interface RegistrySourceOptions {
  /** File mode (`INGEST_REGISTRY_FILE`). */
  registryFile?: string;
  /** Feed mode (`INGEST_REGISTRY_URL` + `INGEST_REGISTRY_TOKEN`). */
  registryFeed?: RegistryFeedConfig;
  dataDir: string;
}

/**
 * Builds the registry adapter for the configured source (DESIGN.md §8), not yet started. Exactly one source
 * must be set; loadConfig guarantees it, this re-checks for hand-built configs (tests).
 */
export function createRegistry(
  config: RegistrySourceOptions,
  deps: { logger: Logger; metrics: IngestMetrics; now?: () => number },
): CachedRegistry {
  const { registryFile, registryFeed, dataDir } = config;
  if ((registryFile === undefined) === (registryFeed === undefined)) {
    throw new Error('exactly one registry source is required: registryFile or registryFeed');
  }
  if (registryFeed) {
    return new HttpRegistry({
      ...registryFeed,
      dataDir,
      logger: deps.logger,
      metrics: deps.metrics,
      now: deps.now,
    });
  }
  return new FileRegistry({ file: registryFile ?? '', dataDir, logger: deps.logger, metrics: deps.metrics });
}
