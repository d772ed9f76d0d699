// Property tests: the simulator's parsers of untrusted input (control bodies, SIM_DEVICES, RACP writes
// from a central) never throw, whatever they are given.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createDevice } from './devices/create-device.js';
import { parseFault } from './devices/faults.js';
import { parseDevice, parseWorld, WorldConfigError } from './world-config.js';

describe('parsers never throw on arbitrary input', () => {
  it('parseFault answers ok or a message for any JSON object', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('fault', 'count', 'seconds', 'level', 'clear', 'afterNotifications', 'x'),
          fc.jsonValue(),
        ),
        (body) => {
          const r = parseFault(body);
          expect(typeof r.ok).toBe('boolean');
        },
      ),
    );
  });

  it('parseWorld either returns devices or throws a WorldConfigError naming SIM_DEVICES', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (raw) => {
        try {
          expect(Array.isArray(parseWorld(raw))).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(WorldConfigError);
        }
      }),
    );
  });

  it('a glucose meter answers any RACP write bytes with a response or a GATT error, never a throw', () => {
    const meter = createDevice(
      parseDevice({ address: 'aa:bb:cc:dd:ee:01', localName: 'm', kind: 'glucose-meter' }, 0),
      0,
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), fc.boolean(), (bytes, busy) => {
        const r = meter.write('2a52', bytes, { simNow: 0, busy, subscribed: () => true });
        if (r.ok) expect(r.steps.at(-1)?.emission?.characteristic).toBe('2a52');
        else expect(r.code).toBe('GATT_ERROR');
      }),
    );
  });
});
