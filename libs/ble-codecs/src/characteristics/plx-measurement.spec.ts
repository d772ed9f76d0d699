import { describe, expect, it } from '@jest/globals';
import { runFixtureTable, type ValidRow } from '../fixtures/fixture-table.js';
import {
  NAN,
  NRES,
  TS,
  TS_HEX,
  mf,
  runRandomByteProperties,
  truncations,
} from '../fixtures/medical-values.js';
import {
  plxContinuousMeasurementCodec,
  type PlxContinuousMeasurement,
  type PlxContinuousMeasurementInput,
} from './plx-continuous-measurement.js';
import {
  PLX_DEVICE_AND_SENSOR_STATUS_BITS,
  PLX_MEASUREMENT_STATUS_BITS,
  PLX_UNITS,
  plxDeviceAndSensorStatusOf,
  plxMeasurementStatusOf,
  type PlxDeviceAndSensorStatus,
  type PlxMeasurementStatus,
} from './plx-fields.js';
import {
  plxSpotCheckMeasurementCodec,
  type PlxSpotCheckMeasurement,
  type PlxSpotCheckMeasurementInput,
} from './plx-spot-check-measurement.js';

const ms = (p: Partial<PlxMeasurementStatus>): PlxMeasurementStatus => ({
  ...plxMeasurementStatusOf(0),
  ...p,
});
const dss = (p: Partial<PlxDeviceAndSensorStatus>): PlxDeviceAndSensorStatus => ({
  ...plxDeviceAndSensorStatusOf(0),
  ...p,
});

// SpO2 98 % (0x0062), PR 72 /min (0x0048).
const PAIR = '6200 4800';
const pair = { spo2: mf(98), pr: mf(72) };

function spot(p: Partial<PlxSpotCheckMeasurement>): PlxSpotCheckMeasurement {
  return {
    spo2PrSpotCheck: pair,
    timestamp: undefined,
    measurementStatus: undefined,
    deviceAndSensorStatus: undefined,
    pulseAmplitudeIndex: undefined,
    deviceClockNotSet: false,
    units: PLX_UNITS,
    ...p,
  };
}

// Every field: timestamp, status 0x00A0 (ongoing, validated), device status 0x002020 (low perfusion,
// sensor displaced), PAI 5.3 % (0xF035), device clock not set.
const SPOT_FULL = `1f ${PAIR} ${TS_HEX} a000 202000 35f0`;

const spotValid: ValidRow<PlxSpotCheckMeasurement, PlxSpotCheckMeasurementInput>[] = [
  { name: 'SpO2 98 %, PR 72 /min only', hex: `00 ${PAIR}`, value: spot({}) },
  { name: 'timestamp present (flags bit 0)', hex: `01 ${PAIR} ${TS_HEX}`, value: spot({ timestamp: TS }) },
  {
    name: 'measurement status (flags bit 1): measurement ongoing, validated data',
    hex: `02 ${PAIR} a000`,
    value: spot({ measurementStatus: ms({ measurementOngoing: true, validatedData: true }) }),
  },
  {
    name: 'measurement status RFU bits 0-4 ignored',
    hex: `02 ${PAIR} 1f00`,
    canonicalHex: `02${PAIR.replace(/ /g, '')}0000`,
    value: spot({ measurementStatus: ms({}) }),
  },
  {
    name: 'device and sensor status (flags bit 2, 24-bit): low perfusion, sensor displaced',
    hex: `04 ${PAIR} 202000`,
    value: spot({ deviceAndSensorStatus: dss({ lowPerfusionDetected: true, sensorDisplaced: true }) }),
  },
  {
    name: 'device and sensor status RFU bits 16-23 ignored',
    hex: `04 ${PAIR} 0000ff`,
    canonicalHex: `04${PAIR.replace(/ /g, '')}000000`,
    value: spot({ deviceAndSensorStatus: dss({}) }),
  },
  {
    name: 'pulse amplitude index (flags bit 3) 5.3 %',
    hex: `08 ${PAIR} 35f0`,
    value: spot({ pulseAmplitudeIndex: mf(53, -1) }),
  },
  {
    name: 'device clock is not set (flags bit 4), no field',
    hex: `10 ${PAIR}`,
    value: spot({ deviceClockNotSet: true }),
  },
  {
    name: 'every field (flags 0x1F)',
    hex: SPOT_FULL,
    value: spot({
      timestamp: TS,
      measurementStatus: ms({ measurementOngoing: true, validatedData: true }),
      deviceAndSensorStatus: dss({ lowPerfusionDetected: true, sensorDisplaced: true }),
      pulseAmplitudeIndex: mf(53, -1),
      deviceClockNotSet: true,
    }),
  },
  {
    name: 'every status bit set',
    hex: `06 ${PAIR} e0ff ffff00`,
    value: spot({
      measurementStatus: Object.fromEntries(
        Object.keys(PLX_MEASUREMENT_STATUS_BITS).map((k) => [k, true]),
      ) as PlxMeasurementStatus,
      deviceAndSensorStatus: Object.fromEntries(
        Object.keys(PLX_DEVICE_AND_SENSOR_STATUS_BITS).map((k) => [k, true]),
      ) as PlxDeviceAndSensorStatus,
    }),
  },
  {
    name: 'SpO2 and PR NaN (no reading) are kept as NaN',
    hex: '00 ff07 ff07',
    value: spot({ spo2PrSpotCheck: { spo2: NAN, pr: NAN } }),
  },
  {
    name: 'SpO2 NRes, PR with exponent -1 (72.5 = 725 × 10^-1)',
    hex: '00 0008 d5f2',
    value: spot({ spo2PrSpotCheck: { spo2: NRES, pr: mf(725, -1) } }),
  },
  {
    name: 'reserved flag bits 5-7 ignored',
    hex: `e0 ${PAIR}`,
    canonicalHex: `00${PAIR.replace(/ /g, '')}`,
    value: spot({}),
  },
  {
    name: 'trailing octets ignored',
    hex: `00 ${PAIR} 00`,
    canonicalHex: `00${PAIR.replace(/ /g, '')}`,
    value: spot({}),
  },
];

runFixtureTable(plxSpotCheckMeasurementCodec, {
  valid: spotValid,
  errors: [
    ...truncations('every-field row', SPOT_FULL),
    { name: 'device status with two of three octets', hex: `04 ${PAIR} 2020`, code: 'TRUNCATED' },
    { name: 'PAI flag with one octet', hex: `08 ${PAIR} 35`, code: 'TRUNCATED' },
    { name: 'timestamp month 13', hex: `01 ${PAIR} ea07 0d 19 09 1e 0f`, code: 'OUT_OF_RANGE' },
    { name: 'timestamp minutes 60', hex: `01 ${PAIR} ea07 01 01 00 3c 00`, code: 'OUT_OF_RANGE' },
  ],
  encodeErrors: [
    {
      name: 'timestamp day 32',
      input: { spo2PrSpotCheck: pair, timestamp: { ...TS, day: 32 } },
      code: 'OUT_OF_RANGE',
    },
  ],
});

function cont(p: Partial<PlxContinuousMeasurement>): PlxContinuousMeasurement {
  return {
    spo2PrNormal: pair,
    spo2PrFast: undefined,
    spo2PrSlow: undefined,
    measurementStatus: undefined,
    deviceAndSensorStatus: undefined,
    pulseAmplitudeIndex: undefined,
    units: PLX_UNITS,
    ...p,
  };
}

// Fast 97 % / 75 /min (0x0061, 0x004B), slow 98 % / 71 /min (0x0062, 0x0047).
const FAST = '6100 4b00';
const SLOW = '6200 4700';
const CONT_FULL = `1f ${PAIR} ${FAST} ${SLOW} 0001 010000 35f0`;

const contValid: ValidRow<PlxContinuousMeasurement, PlxContinuousMeasurementInput>[] = [
  { name: 'SpO2PR-Normal only', hex: `00 ${PAIR}`, value: cont({}) },
  {
    name: 'SpO2PR-Fast (flags bit 0)',
    hex: `01 ${PAIR} ${FAST}`,
    value: cont({ spo2PrFast: { spo2: mf(97), pr: mf(75) } }),
  },
  {
    name: 'SpO2PR-Slow (flags bit 1)',
    hex: `02 ${PAIR} ${SLOW}`,
    value: cont({ spo2PrSlow: { spo2: mf(98), pr: mf(71) } }),
  },
  {
    name: 'slow without fast keeps the order Normal, Slow',
    hex: `06 ${PAIR} ${SLOW} 0020`,
    value: cont({
      spo2PrSlow: { spo2: mf(98), pr: mf(71) },
      measurementStatus: ms({ measurementUnavailable: true }),
    }),
  },
  {
    name: 'measurement status (flags bit 2): fully qualified data',
    hex: `04 ${PAIR} 0001`,
    value: cont({ measurementStatus: ms({ fullyQualifiedData: true }) }),
  },
  {
    name: 'device and sensor status (flags bit 3): extended display update ongoing',
    hex: `08 ${PAIR} 010000`,
    value: cont({ deviceAndSensorStatus: dss({ extendedDisplayUpdateOngoing: true }) }),
  },
  {
    name: 'device and sensor status: sensor disconnected (bit 15)',
    hex: `08 ${PAIR} 008000`,
    value: cont({ deviceAndSensorStatus: dss({ sensorDisconnected: true }) }),
  },
  {
    name: 'pulse amplitude index (flags bit 4)',
    hex: `10 ${PAIR} 35f0`,
    value: cont({ pulseAmplitudeIndex: mf(53, -1) }),
  },
  {
    name: 'every field (flags 0x1F)',
    hex: CONT_FULL,
    value: cont({
      spo2PrFast: { spo2: mf(97), pr: mf(75) },
      spo2PrSlow: { spo2: mf(98), pr: mf(71) },
      measurementStatus: ms({ fullyQualifiedData: true }),
      deviceAndSensorStatus: dss({ extendedDisplayUpdateOngoing: true }),
      pulseAmplitudeIndex: mf(53, -1),
    }),
  },
  { name: 'NaN SpO2 kept', hex: '00 ff07 4800', value: cont({ spo2PrNormal: { spo2: NAN, pr: mf(72) } }) },
  {
    name: 'reserved flag bits 5-7 ignored',
    hex: `e0 ${PAIR}`,
    canonicalHex: `00${PAIR.replace(/ /g, '')}`,
    value: cont({}),
  },
  {
    name: 'trailing octets ignored',
    hex: `00 ${PAIR} 0102`,
    canonicalHex: `00${PAIR.replace(/ /g, '')}`,
    value: cont({}),
  },
];

runFixtureTable(plxContinuousMeasurementCodec, {
  valid: contValid,
  errors: [
    ...truncations('every-field row', CONT_FULL),
    { name: 'fast flag with only SpO2 of the fast pair', hex: `01 ${PAIR} 6100`, code: 'TRUNCATED' },
    { name: 'slow flag without slow pair', hex: `02 ${PAIR}`, code: 'TRUNCATED' },
  ],
});

runRandomByteProperties(plxSpotCheckMeasurementCodec);
runRandomByteProperties(plxContinuousMeasurementCodec);

describe('PLX status bit fields', () => {
  it('decode and encode every defined bit at its own position', () => {
    for (const [key, bit] of Object.entries(PLX_MEASUREMENT_STATUS_BITS)) {
      expect(plxMeasurementStatusOf(1 << bit)).toEqual(ms({ [key]: true }));
    }
    for (const [key, bit] of Object.entries(PLX_DEVICE_AND_SENSOR_STATUS_BITS)) {
      expect(plxDeviceAndSensorStatusOf(1 << bit)).toEqual(dss({ [key]: true }));
    }
  });
});
