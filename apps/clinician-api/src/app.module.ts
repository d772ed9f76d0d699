import { Module, ValidationPipe, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AccessModule } from './access/access.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CommonModule } from './common/common.module.js';
import type { AppLogger } from './common/logger.js';
import { ProblemFilter } from './common/problem.filter.js';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { FhirModule } from './fhir/fhir.module.js';
import { HealthModule } from './health/health.module.js';
import { LiveModule } from './live/live.module.js';
import { PatientsModule } from './patients/patients.module.js';
import { RecordsModule } from './patients/records.module.js';
import { RegistryModule } from './registry/registry.module.js';
import { SeedModule } from './seed/seed.module.js';
import { UsersModule } from './users/users.module.js';

/** The clinician API: one module per feature (see ../README.md). */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: AppLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        CommonModule.forRoot(logger),
        DatabaseModule,
        HealthModule,
        AuditModule,
        AccessModule,
        AuthModule,
        UsersModule,
        PatientsModule,
        RecordsModule,
        RegistryModule,
        SeedModule,
        LiveModule,
        FhirModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemFilter },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({
            whitelist: true,
            forbidNonWhitelisted: true,
            stopAtFirstError: false,
          }),
        },
      ],
    };
  }
}
