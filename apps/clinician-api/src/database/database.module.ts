import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { Database, openDatabase } from './database.js';

/** Opens and migrates the database before any other module initialises; closes it on shutdown. */
@Global()
@Module({
  providers: [
    {
      provide: Database,
      inject: [AppConfig],
      useFactory: (config: AppConfig): Promise<Database> =>
        openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }),
    },
  ],
  exports: [Database],
})
export class DatabaseModule {}
