import { describe, expect, it } from '@jest/globals';
import { runFixtureTable, type ValidRow } from '../fixtures/fixture-table.js';
import {
  NAN,
  NEG_INF,
  NRES,
  POS_INF,
  RESERVED,
  TS,
  TS_HEX,
  mf,
  runRandomByteProperties,
  truncations,
} from '../fixtures/medical-values.js';
import { intermediateTemperatureCodec } from './intermediate-temperature.js';
import type { TemperatureMeasurement, TemperatureMeasurementInput } from './temperature-layout.js';
import { TEMPERATURE_TYPES } from './temperature-layout.js';
import { temperatureMeasurementCodec } from './temperature-measurement.js';

function tm(p: Partial<TemperatureMeasurement>): TemperatureMeasurement {
  return {
    unit: 'Cel',
    temperatureMeasurementValue: mf(366, -1),
    timeStamp: undefined,
    temperatureType: undefined,
    ...p,
  };
}

// 36.6 °C as FLOAT: exponent -1 (0xFF), mantissa 366 (0x00016E) → 0xFF00016E, little-endian 6e0100ff.
const T366 = '6e0100ff';
const FULL = `06 ${T366} ${TS_HEX} 01`;

const valid: ValidRow<TemperatureMeasurement, TemperatureMeasurementInput>[] = [
  { name: '36.6 Cel, no optional field', hex: `00 ${T366}`, value: tm({}) },
  {
    name: 'Fahrenheit (flags bit 0): 98.6 degF',
    hex: '01 da0300ff',
    value: tm({ unit: 'degF', temperatureMeasurementValue: mf(986, -1) }),
  },
  { name: 'time stamp (flags bit 1)', hex: `02 ${T366} ${TS_HEX}`, value: tm({ timeStamp: TS }) },
  {
    name: 'temperature type only (flags bit 2): tympanum (9)',
    hex: `04 ${T366} 09`,
    value: tm({ temperatureType: { name: 'tympanum', code: 9 } }),
  },
  {
    name: 'every field (flags 0x06): time stamp, armpit',
    hex: FULL,
    value: tm({ timeStamp: TS, temperatureType: { name: 'armpit', code: 1 } }),
  },
  {
    name: 'every field in Fahrenheit (flags 0x07), rectum',
    hex: `07 da0300ff ${TS_HEX} 07`,
    value: tm({
      unit: 'degF',
      temperatureMeasurementValue: mf(986, -1),
      timeStamp: TS,
      temperatureType: { name: 'rectum', code: 7 },
    }),
  },
  ...TEMPERATURE_TYPES.map((name, i) => ({
    name: `temperature type ${i + 1} = ${name}`,
    hex: `04 ${T366} 0${i + 1}`,
    value: tm({ temperatureType: { name, code: i + 1 } }),
  })),
  {
    name: 'temperature type 0 (RFU) kept as reserved',
    hex: `04 ${T366} 00`,
    value: tm({ temperatureType: { name: 'reserved', code: 0 } }),
  },
  {
    name: 'temperature type 10 (RFU) kept as reserved',
    hex: `04 ${T366} 0a`,
    value: tm({ temperatureType: { name: 'reserved', code: 10 } }),
  },
  {
    name: 'temperature type 255 (RFU) kept as reserved',
    hex: `04 ${T366} ff`,
    value: tm({ temperatureType: { name: 'reserved', code: 255 } }),
  },
  { name: 'FLOAT NaN (0x007FFFFF)', hex: '00 ffff7f00', value: tm({ temperatureMeasurementValue: NAN }) },
  { name: 'FLOAT NRes (0x00800000)', hex: '00 00008000', value: tm({ temperatureMeasurementValue: NRES }) },
  {
    name: 'FLOAT +INF (0x007FFFFE)',
    hex: '00 feff7f00',
    value: tm({ temperatureMeasurementValue: POS_INF }),
  },
  {
    name: 'FLOAT -INF (0x00800002)',
    hex: '00 02008000',
    value: tm({ temperatureMeasurementValue: NEG_INF }),
  },
  {
    name: 'FLOAT reserved (0x00800001)',
    hex: '00 01008000',
    value: tm({ temperatureMeasurementValue: RESERVED }),
  },
  {
    name: 'FLOAT largest mantissa 8388605 (0x007FFFFD)',
    hex: '00 fdff7f00',
    value: tm({ temperatureMeasurementValue: mf(8388605) }),
  },
  {
    name: 'FLOAT most negative mantissa -8388605 (0x00800003)',
    hex: '00 03008000',
    value: tm({ temperatureMeasurementValue: mf(-8388605) }),
  },
  {
    name: 'FLOAT negative temperature -40.0 (0xFFFFFE70, mantissa -400)',
    hex: '00 70feffff',
    value: tm({ temperatureMeasurementValue: mf(-400, -1) }),
  },
  {
    name: 'FLOAT smallest exponent -128 (0x80000001)',
    hex: '00 01000080',
    value: tm({ temperatureMeasurementValue: mf(1, -128) }),
  },
  {
    name: 'precision kept: 36.60 (3660 × 10^-2, 0xFE000E4C)',
    hex: '00 4c0e00fe',
    value: tm({ temperatureMeasurementValue: mf(3660, -2) }),
  },
  {
    name: 'reserved flag bits 3-7 ignored',
    hex: `f8 ${T366}`,
    canonicalHex: `00${T366}`,
    value: tm({}),
  },
  { name: 'trailing octets ignored', hex: `00 ${T366} 0102`, canonicalHex: `00${T366}`, value: tm({}) },
  {
    name: 'encoder: plain number and type by name',
    hex: `04 ${T366} 06`,
    input: { unit: 'Cel', temperatureMeasurementValue: 36.6, temperatureType: { name: 'mouth' } },
    value: tm({ temperatureType: { name: 'mouth', code: 6 } }),
  },
];

const table = {
  valid,
  errors: [
    ...truncations('every-field row', FULL),
    { name: 'FLOAT with three octets', hex: '00 6e0100', code: 'TRUNCATED' as const },
    { name: 'type flag without type', hex: `04 ${T366}`, code: 'TRUNCATED' as const },
    { name: 'time stamp month 13', hex: `02 ${T366} ea07 0d 19 09 1e 0f`, code: 'OUT_OF_RANGE' as const },
    { name: 'time stamp seconds 60', hex: `02 ${T366} ea07 01 01 00 00 3c`, code: 'OUT_OF_RANGE' as const },
    {
      name: 'truncation wins over a bad time stamp',
      hex: `06 ${T366} ea07 0d 19 09 1e 0f`,
      code: 'TRUNCATED' as const,
    },
  ],
  encodeErrors: [
    {
      name: 'unknown unit',
      input: { unit: 'K' as 'Cel', temperatureMeasurementValue: 300 },
      code: 'OUT_OF_RANGE' as const,
    },
    {
      name: 'reserved type with a defined code',
      input: {
        unit: 'Cel' as const,
        temperatureMeasurementValue: 37,
        temperatureType: { name: 'reserved' as const, code: 3 },
      },
      code: 'OUT_OF_RANGE' as const,
    },
    {
      name: 'type name and code disagree',
      input: {
        unit: 'Cel' as const,
        temperatureMeasurementValue: 37,
        temperatureType: { name: 'toe' as const, code: 1 },
      },
      code: 'OUT_OF_RANGE' as const,
    },
    {
      name: 'unknown type name',
      input: {
        unit: 'Cel' as const,
        temperatureMeasurementValue: 37,
        temperatureType: { name: 'nose' as 'toe' },
      },
      code: 'OUT_OF_RANGE' as const,
    },
    {
      name: 'time stamp hour 24',
      input: { unit: 'Cel' as const, temperatureMeasurementValue: 37, timeStamp: { ...TS, hours: 24 } },
      code: 'OUT_OF_RANGE' as const,
    },
  ],
};

// 0x2A1E has the same format as 0x2A1C (HTS v1.0 §3.2): the same table runs against both.
runFixtureTable(temperatureMeasurementCodec, table);
runFixtureTable(intermediateTemperatureCodec, table);
runRandomByteProperties(temperatureMeasurementCodec);
runRandomByteProperties(intermediateTemperatureCodec);

describe('Temperature Measurement vs Intermediate Temperature', () => {
  it('are registered under their own UUIDs and names', () => {
    expect(temperatureMeasurementCodec.uuid16).toBe('2A1C');
    expect(intermediateTemperatureCodec.uuid16).toBe('2A1E');
    expect(intermediateTemperatureCodec.name).toBe('Intermediate Temperature');
  });
});
