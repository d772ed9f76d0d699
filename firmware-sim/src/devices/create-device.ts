/** Builds the simulated device a SIM_DEVICES entry describes, seeded for reproducible runs. */
import type { DeviceConfig } from '../world-config.js';
import { mulberry32 } from '../physiology.js';
import { BloodPressureCuff } from './blood-pressure-cuff.js';
import type { DeviceSetup, SimDevice } from './device.js';
import { GlucoseMeter } from './glucose-meter.js';
import { HeartRateStrap } from './heart-rate-strap.js';
import { PulseOximeter } from './pulse-oximeter.js';
import { BodyCompositionScale, WeightScale } from './scales.js';
import { Thermometer } from './thermometer.js';

/** Model Number String (0x2A24) per kind. */
export const MODEL_NUMBERS = {
  'heart-rate-strap': 'OW-HRM-SIM',
  'pulse-oximeter': 'OW-PLX-SIM',
  'blood-pressure-cuff': 'OW-BPM-SIM',
  thermometer: 'OW-THM-SIM',
  'glucose-meter': 'OW-GLU-SIM',
  'weight-scale': 'OW-WSC-SIM',
  'body-composition-scale': 'OW-BCS-SIM',
} as const;

export function createDevice(config: DeviceConfig, simNow: number): SimDevice {
  const random = mulberry32(config.seed);
  const setup: DeviceSetup = {
    address: config.address,
    kind: config.kind,
    localName: config.localName,
    profile: config.patient,
    scenario: config.scenario,
    hasClock: config.hasClock,
    clockSet: config.clockSet,
    clockOffsetSeconds: config.clockOffsetSeconds,
    measureIntervalSeconds: config.measureIntervalSeconds,
    model: MODEL_NUMBERS[config.kind],
  };
  switch (config.kind) {
    case 'heart-rate-strap':
      return new HeartRateStrap({ ...setup, baselineBpm: config.baselineBpm }, random, simNow);
    case 'pulse-oximeter':
      return new PulseOximeter(setup, random, simNow);
    case 'blood-pressure-cuff':
      return new BloodPressureCuff(setup, random, simNow);
    case 'thermometer':
      return new Thermometer(setup, random, simNow);
    case 'glucose-meter':
      return new GlucoseMeter({ ...setup, storedRecords: config.storedRecords }, random, simNow);
    case 'weight-scale':
      return new WeightScale(setup, random, simNow);
    case 'body-composition-scale':
      return new BodyCompositionScale(setup, random, simNow);
  }
}
