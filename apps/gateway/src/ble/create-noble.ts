import { createRequire } from 'node:module';
import type { Noble } from '@stoprocent/noble';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../config.js';
import { SimRadioBinding } from './sim-radio-binding.js';

// @stoprocent/noble is CommonJS; its Noble class takes any binding object (lib/noble.js constructor).
const require = createRequire(import.meta.url);

/**
 * Builds a noble instance for the configured binding:
 * - `sim`: our {@link SimRadioBinding} speaking the firmware-sim protocol over TCP.
 * - `hci`: the package's default instance, which on Linux drives the host controller through the HCI
 *   socket (`@stoprocent/bluetooth-hci-socket`). This is the Raspberry Pi path: run with
 *   `CAP_NET_ADMIN`/`CAP_NET_RAW` (or root) and `NOBLE_HCI_DEVICE_ID` to pick the adapter. Note that the
 *   HCI binding installs its own SIGINT handler which calls `process.exit(1)` if it is the last SIGINT
 *   listener: main.ts registers its signal handlers after noble has started for that reason.
 */
export function createNoble(config: GatewayConfig, logger: Logger): Noble {
  let noble: Noble;
  if (config.bleBinding === 'sim') {
    if (!config.simRadio) throw new Error('GATEWAY_SIM_RADIO is required for the sim binding');
    const binding = new SimRadioBinding({
      ...config.simRadio,
      logger: logger.child({ component: 'sim-radio' }),
    });
    const NobleClass = require('@stoprocent/noble/lib/noble') as new (bindings: unknown) => Noble;
    noble = new NobleClass(binding);
  } else {
    noble = require('@stoprocent/noble') as Noble;
  }
  // Noble's constructor adds a 'warning' listener that console.warn()s plain text; keep stdout/stderr JSON.
  noble.removeAllListeners('warning');
  noble.on('warning', (message: string) =>
    logger.warn({ component: 'noble', warning: message }, 'noble warning'),
  );
  return noble;
}
