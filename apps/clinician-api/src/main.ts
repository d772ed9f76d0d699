import { createLogger } from './common/logger.js';
import { CONFIG_EXIT_CODE, formatConfigIssues, parseConfig } from './config/config.js';

/** Process entry: validate env, build, listen, print the ready line; SIGTERM/SIGINT close and exit 0. */
async function main(): Promise<void> {
  const parsed = parseConfig(process.env);
  if (!parsed.ok) {
    process.stderr.write(`${formatConfigIssues(parsed.issues)}\n`);
    process.exit(CONFIG_EXIT_CODE);
  }
  const { config } = parsed;
  // Loaded only after the configuration is valid: a bad variable exits at once, before Nest or a database.
  await import('reflect-metadata');
  const { createApp } = await import('./bootstrap.js');
  const logger = createLogger(config.logLevel);
  const started = performance.now();
  const app = await createApp(config, logger);
  // useProcessExit: app.close() (PGlite, MQTT, sockets) then exit(0) instead of re-raising the signal.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ port, bootMs: Math.round(performance.now() - started) }, 'ready');
}

main().catch((err: unknown) => {
  process.stderr.write(
    `clinician-api failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
