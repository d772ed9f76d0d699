import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { AppModule } from './app.module.js';
import { Clock } from './common/clock.js';
import { corsOptions } from './common/cors.js';
import { mountDashboard } from './common/dashboard-static.js';
import { mountApiDocs } from './common/openapi.js';
import { RateLimiter, rateLimitMiddleware } from './common/rate-limit.js';
import { securityHeadersMiddleware } from './common/security-headers.js';
import { PinoNestLogger, type AppLogger } from './common/logger.js';
import type { AppConfig } from './config/app-config.js';

/** Largest JSON body accepted (413 PAYLOAD_TOO_LARGE above it). */
export const BODY_LIMIT = '1mb';

/**
 * Builds the Nest application (not yet listening): shared by main.ts and the integration tests so both run
 * exactly the same wiring.
 */
export async function createApp(config: AppConfig, logger: AppLogger): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // Order matters: headers on every response (429s and parse errors included), CORS before the limiter so
  // the dashboard can read a 429, the limiter before any body is read.
  app.use(securityHeadersMiddleware({ hsts: config.hsts }));
  if (config.corsOrigins.length > 0) app.enableCors(corsOptions(config.corsOrigins));
  if (config.rateLimitPerMinute > 0) {
    const clock = app.get(Clock);
    app.use(rateLimitMiddleware(new RateLimiter(config.rateLimitPerMinute, () => clock.now().getTime())));
  }
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.useWebSocketAdapter(new IoAdapter(app));
  mountApiDocs(app);
  if (config.dashboardDir) mountDashboard(app, config.dashboardDir);
  return app;
}
