import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { RegistrySnapshot } from '@openward/contracts';
import { ServiceAuth } from '../common/route-policy.js';
import { feedQueryOrThrow } from './feed-query.js';
import { RegistryFeedService } from './registry-feed.service.js';

/** What the handler touches of the express response. */
interface FeedResponse {
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
  on(event: 'close', listener: () => void): unknown;
  writableEnded: boolean;
}

/**
 * The internal registry feed ingest long-polls (interface B, ingest DESIGN.md §8.1):
 * `GET /internal/v1/registry?after=<version>&waitSeconds=<0..30>` with `Authorization: Bearer
 * <API_REGISTRY_FEED_TOKEN>` → 200 + `openward.registry/1` when newer than `after`, else 204 after the hold.
 */
@Controller('internal/v1/registry')
@ServiceAuth('registry-feed')
export class RegistryFeedController {
  constructor(private readonly feed: RegistryFeedService) {}

  @ApiOperation({
    summary:
      'Registry snapshot for ingest (long-poll: ?after=<version>&waitSeconds=0..30; 204 when unchanged)',
  })
  @Get()
  async snapshot(
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) res: FeedResponse,
  ): Promise<RegistrySnapshot | undefined> {
    const q = feedQueryOrThrow(query);
    // 'close' before we answered = the caller went away: stop holding the request.
    const gone = new AbortController();
    res.on('close', () => {
      if (!res.writableEnded) gone.abort();
    });
    const snapshot = await this.feed.next(q, gone.signal);
    res.setHeader('cache-control', 'no-store');
    if (snapshot === null) {
      res.status(204);
      return undefined;
    }
    return snapshot;
  }
}
