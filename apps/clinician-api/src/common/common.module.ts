import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Clock, SystemClock } from './clock.js';
import { LOGGER, type AppLogger } from './logger.js';

/** Cross-cutting providers: the clock and the pino logger. */
@Global()
@Module({})
export class CommonModule {
  static forRoot(logger: AppLogger): DynamicModule {
    return {
      module: CommonModule,
      providers: [
        { provide: Clock, useClass: SystemClock },
        { provide: LOGGER, useValue: logger },
      ],
      exports: [Clock, LOGGER],
    };
  }
}
