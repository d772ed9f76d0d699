import { Controller, Get, Header, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces } from '@nestjs/swagger';
import { Public } from '../common/public.decorator.js';
import { Database } from '../database/database.js';
import { ApiMetrics } from './metrics.js';

interface RawResponse {
  status(code: number): RawResponse;
  setHeader(name: string, value: string): unknown;
  send(body: string): unknown;
}

@Controller('api')
export class HealthController {
  constructor(
    private readonly database: Database,
    private readonly metrics: ApiMetrics,
  ) {}

  /** Liveness plus a database round trip. Public: used by the launcher and probes. */
  @Public()
  @ApiOperation({ summary: 'Liveness and a database round trip (public)' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['status', 'database'],
      properties: {
        status: { type: 'string', enum: ['ok'] },
        database: { type: 'string', enum: ['pglite', 'node-postgres'] },
      },
    },
  })
  @Get('health')
  @HttpCode(200)
  async health(): Promise<{ status: 'ok'; database: string }> {
    await this.database.ping();
    return { status: 'ok', database: this.database.driver };
  }

  /** Prometheus text exposition. Public like every /metrics scraped on the loopback/private network. */
  @Public()
  @ApiOperation({ summary: 'Prometheus metrics, text exposition format (public)' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ schema: { type: 'string' } })
  @Get('metrics')
  @Header('cache-control', 'no-store')
  async metricsText(@Res() res: RawResponse): Promise<void> {
    const body = await this.metrics.registry.metrics();
    res.setHeader('content-type', this.metrics.registry.contentType);
    res.status(200).send(body);
  }
}
