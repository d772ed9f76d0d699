import { Global, Module } from '@nestjs/common';
import { LOGGER, type AppLogger } from '../common/logger.js';
import { AppConfig } from '../config/app-config.js';
import { Database, openDatabase } from './database.js';

/** Opens and migrates the database before any other module initialises; closes it on shutdown. */
@Global()
@Module({
  providers: [
    {
      provide: Database,
      inject: [AppConfig, LOGGER],
      useFactory: (config: AppConfig, logger: AppLogger): Promise<Database> =>
        openDatabase({
          databaseUrl: config.databaseUrl,
          dataDir: config.dataDir,
          onIdleConnectionError: (err) =>
            logger.warn(
              { err: err.message, code: (err as { code?: unknown }).code },
              'database connection closed by the server; the pool reconnects on next use',
            ),
        }),
    },
  ],
  exports: [Database],
})
export class DatabaseModule {}
