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
  intermediateCuffPressureCodec,
  type IntermediateCuffPressure,
  type IntermediateCuffPressureInput,
} from './intermediate-cuff-pressure.js';

function icp(p: Partial<IntermediateCuffPressure>): IntermediateCuffPressure {
  return {
    unit: 'mmHg',
    currentCuffPressure: mf(142),
    timeStamp: undefined,
    pulseRate: undefined,
    pulseRateUnit: '/min',
    userId: undefined,
    measurementStatus: undefined,
    ...p,
  };
}

// Current cuff pressure 142 mmHg (0x008E), Diastolic and MAP NaN (0x07FF) as BLS §3.2 requires.
const CUFF = '8e00 ff07 ff07';
const FULL = `1e ${CUFF} ${TS_HEX} 4500 02 0100`;

const valid: ValidRow<IntermediateCuffPressure, IntermediateCuffPressureInput>[] = [
  { name: 'cuff pressure 142 mmHg, unused fields NaN', hex: `00 ${CUFF}`, value: icp({}) },
  {
    name: 'kPa (flags bit 0): 18.9 kPa',
    hex: '01 bdf0 ff07 ff07',
    value: icp({ unit: 'kPa', currentCuffPressure: mf(189, -1) }),
  },
  {
    name: 'cuff pressure 0 (deflated)',
    hex: '00 0000 ff07 ff07',
    value: icp({ currentCuffPressure: mf(0) }),
  },
  {
    name: 'cuff pressure itself NaN is kept',
    hex: '00 ff07 ff07 ff07',
    value: icp({ currentCuffPressure: NAN }),
  },
  { name: 'cuff pressure NRes is kept', hex: '00 0008 ff07 ff07', value: icp({ currentCuffPressure: NRES }) },
  {
    name: 'every field (flags 0x1E): time stamp, pulse 69, user 2, body movement',
    hex: FULL,
    value: icp({
      timeStamp: TS,
      pulseRate: mf(69),
      userId: 2,
      measurementStatus: {
        bodyMovementDetected: true,
        cuffTooLoose: false,
        irregularPulseDetected: false,
        pulseRateRange: 'within-range',
        improperMeasurementPosition: false,
      },
    }),
  },
  {
    name: 'reserved flag bits 5-7 ignored',
    hex: `e0 ${CUFF}`,
    canonicalHex: `00${CUFF.replace(/ /g, '')}`,
    value: icp({}),
  },
  {
    name: 'trailing octets ignored',
    hex: `00 ${CUFF} 00`,
    canonicalHex: `00${CUFF.replace(/ /g, '')}`,
    value: icp({}),
  },
  {
    name: 'encoder writes NaN into the unused sub-fields from a plain number',
    hex: '00 8e00 ff07 ff07',
    input: { unit: 'mmHg', currentCuffPressure: 142 },
    value: icp({}),
  },
];

runFixtureTable(intermediateCuffPressureCodec, {
  valid,
  errors: [
    ...truncations('every-field row', FULL),
    { name: 'diastolic sub-field not NaN (80 mmHg)', hex: '00 8e00 5000 ff07', code: 'MALFORMED' },
    { name: 'MAP sub-field not NaN (93 mmHg)', hex: '00 8e00 ff07 5d00', code: 'MALFORMED' },
    { name: 'unused sub-field NRes instead of NaN', hex: '00 8e00 0008 ff07', code: 'MALFORMED' },
    {
      name: 'unused sub-field with NaN mantissa but exponent 1 (0x17FF)',
      hex: '00 8e00 ff17 ff07',
      code: 'MALFORMED',
    },
    { name: 'time stamp month 13', hex: `02 ${CUFF} ea07 0d 19 09 1e 0f`, code: 'OUT_OF_RANGE' },
  ],
  encodeErrors: [
    {
      name: 'user id 300',
      input: { unit: 'mmHg', currentCuffPressure: 142, userId: 300 },
      code: 'OUT_OF_RANGE',
    },
    { name: 'unknown unit', input: { unit: 'bar' as 'kPa', currentCuffPressure: 142 }, code: 'OUT_OF_RANGE' },
  ],
});

runRandomByteProperties(intermediateCuffPressureCodec);
