#!/usr/bin/env node
/**
 * firmware-sim process: the simulated radio (TCP) with heart-rate straps, plus the control HTTP API.
 * Configuration comes from the environment only (see config.ts); a bad variable exits with code 2.
 */
import { pino } from 'pino';
import { Air } from './air.js';
import { loadConfig } from './config.js';
import { ControlServer } from './control-server.js';
import { HeartRateStrap } from './devices/heart-rate-strap.js';
import { mulberry32, seedFromString } from './physiology.js';
import { RadioServer } from './radio-server.js';

async function main(): Promise<void> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(`firmware-sim: invalid configuration: ${loaded.error.message}\n`);
    process.exit(2);
  }
  const config = loaded.config;
  const logger = pino({ level: config.logLevel, base: { service: 'firmware-sim' } });

  // Seeded per address: the same device behaves the same way on every run (reproducible demos).
  const straps = config.devices.map((d) => new HeartRateStrap(d, mulberry32(seedFromString(d.address))));
  const air = new Air(straps, { notifyIntervalMs: config.notifyIntervalMs, logger });
  const radio = new RadioServer(air, logger);
  const control = new ControlServer(air, radio, logger);

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    air.stop();
    Promise.all([radio.close(), control.close()])
      .then(() => {
        logger.info('stopped');
        logger.flush();
        process.exit(0);
      })
      .catch((err: unknown) => {
        logger.error({ err: err instanceof Error ? err.message : String(err) }, 'shutdown failed');
        process.exit(1);
      });
  };
  // Installed before binding: a signal that arrives right after the ready line must not kill us.
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  let radioPort: number;
  let controlPort: number;
  try {
    radioPort = await radio.listen(config.radioPort, config.host);
    controlPort = await control.listen(config.controlPort, config.host);
  } catch (err) {
    logger.fatal({ err: err instanceof Error ? err.message : String(err) }, 'cannot bind');
    process.exit(1);
  }
  if (stopping) return; // a signal arrived while binding
  air.start();
  logger.info({ radioPort, controlPort, devices: straps.length }, 'ready');
}

void main();
