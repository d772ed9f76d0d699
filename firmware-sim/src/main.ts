#!/usr/bin/env node
/**
 * firmware-sim process: the simulated radio (TCP) with simulated health devices, plus the control HTTP API.
 * Configuration comes from the environment only (see config.ts); a bad variable exits with code 2.
 */
import { pino } from 'pino';
import { Air } from './air.js';
import { loadConfig } from './config.js';
import { ControlServer } from './control-server.js';
import { SimClock } from './clock.js';
import { createDevice } from './devices/create-device.js';
import { RadioServer } from './radio-server.js';

async function main(): Promise<void> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(`firmware-sim: invalid configuration: ${loaded.error.message}\n`);
    process.exit(2);
  }
  const config = loaded.config;
  const logger = pino({ level: config.logLevel, base: { service: 'firmware-sim' } });

  // Seeded (per address by default): the same device behaves the same way on every run.
  const clock = new SimClock(config.timeScale);
  const devices = config.devices.map((d) => createDevice(d, clock.now()));
  const air = new Air(devices, { notifyIntervalMs: config.notifyIntervalMs, logger, clock });
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
  logger.info({ radioPort, controlPort, devices: devices.length, timeScale: config.timeScale }, 'ready');
}

void main();
