import { runFixtureTable, type ValidRow } from '../fixtures/fixture-table.js';
import { TS, TS_HEX, runRandomByteProperties, truncations } from '../fixtures/medical-values.js';
import {
  bodyCompositionMeasurementCodec,
  type BodyCompositionMeasurement,
  type BodyCompositionMeasurementInput,
} from './body-composition-measurement.js';

const SI_UNITS = {
  mass: 'kg',
  height: 'm',
  percentage: '%',
  basalMetabolism: 'kJ',
  impedance: 'Ohm',
} as const;
const IMPERIAL_UNITS = { ...SI_UNITS, mass: 'lb', height: 'in' } as const;

function bcm(p: Partial<BodyCompositionMeasurement>): BodyCompositionMeasurement {
  return {
    measurementUnits: 'SI',
    bodyFatPercentage: 23.4,
    timeStamp: undefined,
    userId: undefined,
    basalMetabolism: undefined,
    musclePercentage: undefined,
    muscleMass: undefined,
    fatFreeMass: undefined,
    softLeanMass: undefined,
    bodyWaterMass: undefined,
    impedance: undefined,
    weight: undefined,
    height: undefined,
    multiplePacketMeasurement: false,
    units: p.measurementUnits === 'imperial' ? IMPERIAL_UNITS : SI_UNITS,
    ...p,
  };
}

// Body fat 23.4 % = 234 (0x00EA). Every field (flags 0x1FFE): time stamp, user 1, basal metabolism 6500 kJ
// (0x1964), muscle 41.2 % (0x019C), muscle mass 28.5 kg (5700 = 0x1644), fat free mass 53.6 kg (0x29E0),
// soft lean mass 50.1 kg (0x2724), body water mass 38.7 kg (0x1E3C), impedance 512.3 Ω (0x1403), weight
// 70 kg (0x36B0), height 1.75 m (0x06D6), multiple packet measurement.
const FULL = `fe1f ea00 ${TS_HEX} 01 6419 9c01 4416 e029 2427 3c1e 0314 b036 d606`;
const fullValue = bcm({
  timeStamp: TS,
  userId: 1,
  basalMetabolism: 6500,
  musclePercentage: 41.2,
  muscleMass: 28.5,
  fatFreeMass: 53.6,
  softLeanMass: 50.1,
  bodyWaterMass: 38.7,
  impedance: 512.3,
  weight: 70,
  height: 1.75,
  multiplePacketMeasurement: true,
});

const valid: ValidRow<BodyCompositionMeasurement, BodyCompositionMeasurementInput>[] = [
  { name: 'body fat 23.4 % only (flags 0x0000)', hex: '0000 ea00', value: bcm({}) },
  { name: 'body fat 0 %', hex: '0000 0000', value: bcm({ bodyFatPercentage: 0 }) },
  {
    name: 'body fat 0xFFFE = 6553.4 % (largest raw value)',
    hex: '0000 feff',
    value: bcm({ bodyFatPercentage: 6553.4 }),
  },
  { name: 'time stamp (flags bit 1)', hex: `0200 ea00 ${TS_HEX}`, value: bcm({ timeStamp: TS }) },
  { name: 'user id (flags bit 2)', hex: '0400 ea00 07', value: bcm({ userId: 7 }) },
  {
    name: 'basal metabolism (flags bit 3) 6500 kJ',
    hex: '0800 ea00 6419',
    value: bcm({ basalMetabolism: 6500 }),
  },
  {
    name: 'muscle percentage (flags bit 4) 41.2 %',
    hex: '1000 ea00 9c01',
    value: bcm({ musclePercentage: 41.2 }),
  },
  { name: 'muscle mass (flags bit 5) 28.5 kg', hex: '2000 ea00 4416', value: bcm({ muscleMass: 28.5 }) },
  { name: 'fat free mass (flags bit 6) 53.6 kg', hex: '4000 ea00 e029', value: bcm({ fatFreeMass: 53.6 }) },
  { name: 'soft lean mass (flags bit 7) 50.1 kg', hex: '8000 ea00 2427', value: bcm({ softLeanMass: 50.1 }) },
  {
    name: 'body water mass (flags bit 8) 38.7 kg',
    hex: '0001 ea00 3c1e',
    value: bcm({ bodyWaterMass: 38.7 }),
  },
  { name: 'impedance (flags bit 9) 512.3 Ohm', hex: '0002 ea00 0314', value: bcm({ impedance: 512.3 }) },
  { name: 'weight (flags bit 10) 70 kg', hex: '0004 ea00 b036', value: bcm({ weight: 70 }) },
  { name: 'height (flags bit 11) 1.75 m', hex: '0008 ea00 d606', value: bcm({ height: 1.75 }) },
  {
    name: 'multiple packet measurement (flags bit 12)',
    hex: '0010 ea00',
    value: bcm({ multiplePacketMeasurement: true }),
  },
  { name: 'every field (flags 0x1FFE)', hex: FULL, value: fullValue },
  {
    name: 'imperial (flags 0x0C21): muscle mass 62.83 lb, weight 154.32 lb, height 68.9 in',
    hex: '210c ea00 8b18 483c b102',
    value: bcm({ measurementUnits: 'imperial', muscleMass: 62.83, weight: 154.32, height: 68.9 }),
  },
  {
    name: 'mass and impedance fields at uint16 max',
    hex: '2002 ea00 ffff ffff',
    value: bcm({ muscleMass: 327.675, impedance: 6553.5 }),
  },
  {
    name: 'measurement unsuccessful (0xFFFF)',
    hex: '0000 ffff',
    value: bcm({ bodyFatPercentage: 'measurement-unsuccessful' }),
  },
  {
    name: 'unsuccessful with time stamp, user id and multiple packet flag',
    hex: `0610 ffff ${TS_HEX} 02`,
    value: bcm({
      bodyFatPercentage: 'measurement-unsuccessful',
      timeStamp: TS,
      userId: 2,
      multiplePacketMeasurement: true,
    }),
  },
  { name: 'reserved flag bits 13-15 ignored', hex: '00e0 ea00', canonicalHex: '0000ea00', value: bcm({}) },
  { name: 'trailing octets ignored', hex: '0000 ea00 ff', canonicalHex: '0000ea00', value: bcm({}) },
  {
    name: 'encoder rounds to resolution (23.44 % → 23.4)',
    hex: '0000 ea00',
    input: { measurementUnits: 'SI', bodyFatPercentage: 23.44 },
    value: bcm({}),
  },
];

runFixtureTable(bodyCompositionMeasurementCodec, {
  valid,
  errors: [
    ...truncations('every-field row', FULL),
    { name: 'flags field with one octet', hex: '00', code: 'TRUNCATED' },
    { name: 'unsuccessful with basal metabolism', hex: '0800 ffff 6419', code: 'MALFORMED' },
    { name: 'unsuccessful with weight', hex: '0004 ffff b036', code: 'MALFORMED' },
    { name: 'unsuccessful with height', hex: '0008 ffff d606', code: 'MALFORMED' },
    {
      name: 'unsuccessful with impedance but cut short: truncation wins',
      hex: '0002 ffff 03',
      code: 'TRUNCATED',
    },
    { name: 'time stamp hour 25', hex: '0200 ea00 ea07 01 01 19 00 00', code: 'OUT_OF_RANGE' },
  ],
  encodeErrors: [
    {
      name: 'body fat 6553.5 % is the reserved raw 0xFFFF',
      input: { measurementUnits: 'SI', bodyFatPercentage: 6553.5 },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'negative body fat',
      input: { measurementUnits: 'SI', bodyFatPercentage: -0.1 },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'mass above uint16',
      input: { measurementUnits: 'SI', bodyFatPercentage: 20, weight: 400 },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'optional field with an unsuccessful measurement',
      input: { measurementUnits: 'SI', bodyFatPercentage: 'measurement-unsuccessful', weight: 70 },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'user id 256',
      input: { measurementUnits: 'SI', bodyFatPercentage: 20, userId: 256 },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'unknown unit system',
      input: { measurementUnits: 'US' as 'SI', bodyFatPercentage: 20 },
      code: 'OUT_OF_RANGE',
    },
  ],
});

runRandomByteProperties(bodyCompositionMeasurementCodec, 64);
