import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { AppModule } from './app.module.js';
import { mountDashboard } from './common/dashboard-static.js';
import { PinoNestLogger, type AppLogger } from './common/logger.js';
import type { AppConfig } from './config/app-config.js';

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
  app.useBodyParser('json', { limit: '100kb' });
  app.useWebSocketAdapter(new IoAdapter(app));
  if (config.dashboardDir) mountDashboard(app, config.dashboardDir);
  return app;
}
