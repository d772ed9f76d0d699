import { ConfigError, loadConfig } from './config.js';
import { startIngest } from './app.js';
import { createLogger } from './log.js';

/** Process entry: validate env (exit 2 naming the variable), start, log the ready line, stop on signals. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`ingest: invalid configuration: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const logger = createLogger(config.logLevel);
  const app = await startIngest(config, logger);
  // The ready line is part of the process interface: emitted even when LOG_LEVEL is above info.
  const readyLog = logger.isLevelEnabled('info') ? logger : logger.child({}, { level: 'info' });
  readyLog.info({ mqttPort: app.mqttPort, httpPort: app.httpPort }, 'ready');

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    app.close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  // A ConfigError can also surface while starting (e.g. an unreadable TLS file): same exit code as above.
  if (err instanceof ConfigError) {
    process.stderr.write(`ingest: invalid configuration: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`ingest: fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
