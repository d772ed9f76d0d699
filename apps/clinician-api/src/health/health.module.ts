import { Global, Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';
import { ApiMetrics } from './metrics.js';

/** Health and Prometheus metrics; {@link ApiMetrics} is shared with the features that count things. */
@Global()
@Module({ controllers: [HealthController], providers: [ApiMetrics], exports: [ApiMetrics] })
export class HealthModule {}
