import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { bytesToHex, hexToBytes, runFixtureTable, type ValidRow } from '../fixtures/fixture-table.js';
import { decodeCharacteristic, encodeCharacteristic } from '../registry.js';
import type { DateTimeFields } from './date-time.js';
import {
  RACP_OPERATOR,
  RACP_OP_CODE,
  RACP_RESPONSE_CODE,
  decodeRecordAccessControlPoint,
  encodeRecordAccessControlPoint,
  recordAccessControlPointCodec,
  type RecordAccessControlPoint,
} from './record-access-control-point.js';

type Row = ValidRow<RecordAccessControlPoint, RecordAccessControlPoint>;

const T1 = 'e807 03 0f 08 1e 00'; // 2024-03-15 08:30:00
const T2 = 'e807 03 10 17 3b 3b'; // 2024-03-16 23:59:59
const t1: DateTimeFields = { year: 2024, month: 3, day: 15, hours: 8, minutes: 30, seconds: 0 };
const t2: DateTimeFields = { year: 2024, month: 3, day: 16, hours: 23, minutes: 59, seconds: 59 };

const selectionOpCodes = [
  [1, 'report-stored-records'],
  [2, 'delete-stored-records'],
  [4, 'report-number-of-stored-records'],
] as const;

// Every request op code × every operator with its operand, sequence-number filter (GLS filter type 1).
const requestRows: Row[] = selectionOpCodes.flatMap(([op, opCode]) => [
  {
    name: `op ${op} ${opCode}, operator 1 all records`,
    hex: `0${op} 01`,
    value: { opCode, operator: 'all-records' },
  },
  {
    name: `op ${op}, operator 5 first record`,
    hex: `0${op} 05`,
    value: { opCode, operator: 'first-record' },
  },
  { name: `op ${op}, operator 6 last record`, hex: `0${op} 06`, value: { opCode, operator: 'last-record' } },
  {
    name: `op ${op}, operator 2 ≤ sequence number 10`,
    hex: `0${op} 02 01 0a00`,
    value: {
      opCode,
      operator: 'less-than-or-equal-to',
      filter: { filterType: 'sequence-number', value: 10 },
    },
  },
  {
    name: `op ${op}, operator 3 ≥ sequence number 65535`,
    hex: `0${op} 03 01 ffff`,
    value: {
      opCode,
      operator: 'greater-than-or-equal-to',
      filter: { filterType: 'sequence-number', value: 65535 },
    },
  },
  {
    name: `op ${op}, operator 4 within sequence numbers 10..20 (inclusive)`,
    hex: `0${op} 04 01 0a00 1400`,
    value: {
      opCode,
      operator: 'within-range-of',
      filter: { filterType: 'sequence-number', minimum: 10, maximum: 20 },
    },
  },
]);

const responseCodeRows: Row[] = Object.entries(RACP_RESPONSE_CODE).map(([name, code]) => ({
  name: `response code ${code} ${name} for op 1`,
  hex: `06 00 01 0${code}`,
  value: {
    opCode: 'response-code',
    operator: 'null',
    requestOpCode: 'report-stored-records',
    responseCode: name as keyof typeof RACP_RESPONSE_CODE,
  },
}));

const valid: Row[] = [
  ...requestRows,
  {
    name: 'report ≥ user facing time (filter type 2, date time operand)',
    hex: `01 03 02 ${T1}`,
    value: {
      opCode: 'report-stored-records',
      operator: 'greater-than-or-equal-to',
      filter: { filterType: 'user-facing-time', value: t1 },
    },
  },
  {
    name: 'delete ≤ user facing time',
    hex: `02 02 02 ${T2}`,
    value: {
      opCode: 'delete-stored-records',
      operator: 'less-than-or-equal-to',
      filter: { filterType: 'user-facing-time', value: t2 },
    },
  },
  {
    name: 'count within user facing time range',
    hex: `04 04 02 ${T1} ${T2}`,
    value: {
      opCode: 'report-number-of-stored-records',
      operator: 'within-range-of',
      filter: { filterType: 'user-facing-time', minimum: t1, maximum: t2 },
    },
  },
  {
    name: 'a reversed range is well-formed on the wire (the meter judges it)',
    hex: '01 04 01 1400 0a00',
    value: {
      opCode: 'report-stored-records',
      operator: 'within-range-of',
      filter: { filterType: 'sequence-number', minimum: 20, maximum: 10 },
    },
  },
  {
    name: 'op 3 abort operation, operator 0 null',
    hex: '03 00',
    value: { opCode: 'abort-operation', operator: 'null' },
  },
  {
    name: 'op 5 number of stored records response: 10',
    hex: '05 00 0a00',
    value: { opCode: 'number-of-stored-records-response', operator: 'null', numberOfRecords: 10 },
  },
  {
    name: 'number of stored records response: 0',
    hex: '05 00 0000',
    value: { opCode: 'number-of-stored-records-response', operator: 'null', numberOfRecords: 0 },
  },
  {
    name: 'number of stored records response: 65535',
    hex: '05 00 ffff',
    value: { opCode: 'number-of-stored-records-response', operator: 'null', numberOfRecords: 65535 },
  },
  ...responseCodeRows,
  {
    name: 'response to abort (op 3): abort unsuccessful (7)',
    hex: '06 00 03 07',
    value: {
      opCode: 'response-code',
      operator: 'null',
      requestOpCode: 'abort-operation',
      responseCode: 'abort-unsuccessful',
    },
  },
  {
    name: 'response to delete (op 2): success',
    hex: '06 00 02 01',
    value: {
      opCode: 'response-code',
      operator: 'null',
      requestOpCode: 'delete-stored-records',
      responseCode: 'success',
    },
  },
  {
    name: 'response to count (op 4): no records found (6)',
    hex: '06 00 04 06',
    value: {
      opCode: 'response-code',
      operator: 'null',
      requestOpCode: 'report-number-of-stored-records',
      responseCode: 'no-records-found',
    },
  },
  {
    name: 'op code not supported, echoing an RFU request op code 7 as a number',
    hex: '06 00 07 02',
    value: {
      opCode: 'response-code',
      operator: 'null',
      requestOpCode: 7,
      responseCode: 'op-code-not-supported',
    },
  },
  {
    name: 'RFU response codes 0 and 10 are kept as numbers',
    hex: '06 00 00 0a',
    value: { opCode: 'response-code', operator: 'null', requestOpCode: 0, responseCode: 10 },
  },
];

const fullest = `04 04 02 ${T1} ${T2}`.replace(/\s/g, ''); // 17 octets: longest RACP value
runFixtureTable(recordAccessControlPointCodec, {
  valid,
  errors: [
    ...Array.from({ length: fullest.length / 2 }, (_, len) => ({
      name: `range-of-times request cut to ${len} octet(s)`,
      hex: fullest.slice(0, len * 2),
      code: 'TRUNCATED' as const,
    })),
    { name: 'RFU op code 0', hex: '00 00', code: 'OUT_OF_RANGE' },
    { name: 'RFU op code 7', hex: '07 01', code: 'OUT_OF_RANGE' },
    { name: 'RFU op code 255', hex: 'ff 01', code: 'OUT_OF_RANGE' },
    { name: 'RFU operator 7', hex: '01 07', code: 'OUT_OF_RANGE' },
    { name: 'report with the Null operator (invalid operator)', hex: '01 00', code: 'OUT_OF_RANGE' },
    { name: 'delete with the Null operator', hex: '02 00', code: 'OUT_OF_RANGE' },
    { name: 'abort with operator all records', hex: '03 01', code: 'OUT_OF_RANGE' },
    { name: 'number response with operator all records', hex: '05 01 0a00', code: 'OUT_OF_RANGE' },
    { name: 'response code with operator last record', hex: '06 06 01 01', code: 'OUT_OF_RANGE' },
    { name: 'RFU filter type 0', hex: '01 02 00 0a00', code: 'OUT_OF_RANGE' },
    { name: 'RFU filter type 3', hex: '01 03 03 0a00', code: 'OUT_OF_RANGE' },
    {
      name: 'user facing time operand with month 13',
      hex: '01 03 02 e807 0d 0f 08 1e 00',
      code: 'OUT_OF_RANGE',
    },
    { name: 'operator ≤ without filter type', hex: '01 02', code: 'TRUNCATED' },
    { name: 'sequence-number operand one octet short', hex: '01 02 01 0a', code: 'TRUNCATED' },
    { name: 'range with the maximum missing', hex: '01 04 01 0a00', code: 'TRUNCATED' },
    { name: 'number response without count', hex: '05 00', code: 'TRUNCATED' },
    { name: 'number response with one count octet', hex: '05 00 0a', code: 'TRUNCATED' },
    { name: 'response code without operand', hex: '06 00', code: 'TRUNCATED' },
    { name: 'response code without response code value', hex: '06 00 01', code: 'TRUNCATED' },
    { name: 'all records with an operand octet (invalid operand)', hex: '01 01 00', code: 'MALFORMED' },
    { name: 'first record with a filter', hex: '01 05 01 0a00', code: 'MALFORMED' },
    { name: 'abort with an operand', hex: '03 00 00', code: 'MALFORMED' },
    { name: '≤ with a trailing octet', hex: '01 02 01 0a00 00', code: 'MALFORMED' },
    {
      name: 'number response with a uint32 count (not the glucose uint16)',
      hex: '05 00 0a00 0000',
      code: 'MALFORMED',
    },
    { name: 'response code with a trailing octet', hex: '06 00 01 01 00', code: 'MALFORMED' },
  ],
  encodeErrors: [
    {
      name: 'unknown operator',
      input: { opCode: 'report-stored-records', operator: 'newest' as never },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'user facing time given as a number',
      input: {
        opCode: 'report-stored-records',
        operator: 'less-than-or-equal-to',
        filter: { filterType: 'user-facing-time', value: 5 as never },
      },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'unknown op code',
      input: { opCode: 'erase' as never, operator: 'all-records' },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'report with the Null operator',
      input: { opCode: 'report-stored-records', operator: 'null' as never },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'abort with operator all records',
      input: { opCode: 'abort-operation', operator: 'all-records' as never },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'operator ≤ without a filter',
      input: { opCode: 'report-stored-records', operator: 'less-than-or-equal-to' } as never,
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'unknown filter type',
      input: {
        opCode: 'report-stored-records',
        operator: 'less-than-or-equal-to',
        filter: { filterType: 'time-offset' as never, value: 1 },
      },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'sequence number 65536',
      input: {
        opCode: 'delete-stored-records',
        operator: 'within-range-of',
        filter: { filterType: 'sequence-number', minimum: 0, maximum: 65536 },
      },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'user facing time with month 13',
      input: {
        opCode: 'report-stored-records',
        operator: 'greater-than-or-equal-to',
        filter: { filterType: 'user-facing-time', value: { ...t1, month: 13 } },
      },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'number of records 70000',
      input: { opCode: 'number-of-stored-records-response', operator: 'null', numberOfRecords: 70000 },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'request op code 256',
      input: { opCode: 'response-code', operator: 'null', requestOpCode: 256, responseCode: 'success' },
      code: 'OUT_OF_RANGE',
    },
    {
      name: 'unknown response code name',
      input: { opCode: 'response-code', operator: 'null', requestOpCode: 1, responseCode: 'busy' as never },
      code: 'OUT_OF_RANGE',
    },
  ],
});

describe('Record Access Control Point', () => {
  it('covers every defined op code, operator and response code in the fixtures', () => {
    const hexes = valid.map((r) => r.hex.replace(/\s/g, ''));
    for (const code of Object.values(RACP_OP_CODE)) {
      expect(hexes.some((h) => h.startsWith(code.toString(16).padStart(2, '0')))).toBe(true);
    }
    for (const code of Object.values(RACP_OPERATOR)) {
      expect(hexes.some((h) => h.slice(2, 4) === code.toString(16).padStart(2, '0'))).toBe(true);
    }
    for (const code of Object.values(RACP_RESPONSE_CODE)) {
      expect(hexes).toContain(`060001${code.toString(16).padStart(2, '0')}`);
    }
  });

  it('is reachable through the registry as 0x2A52 in both directions', () => {
    const request = encodeCharacteristic('2A52', {
      opCode: 'report-stored-records',
      operator: 'all-records',
    });
    expect(request.ok && bytesToHex(request.value)).toBe('0101');
    const response = decodeCharacteristic('2A52', hexToBytes('06 00 01 06'));
    expect(response.ok && response.value).toMatchObject({
      requestOpCode: 'report-stored-records',
      responseCode: 'no-records-found',
    });
  });
});

/** Mostly defined op codes and operators with a random operand, so every branch is reached. */
const racpLike = fc
  .tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 8 }), fc.uint8Array({ maxLength: 16 }))
  .map(([op, operator, rest]) => Uint8Array.from([op, operator, ...rest]));

describe('Record Access Control Point properties', () => {
  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 20 }), racpLike), (bytes) => {
        expect(typeof decodeRecordAccessControlPoint(bytes).ok).toBe('boolean');
      }),
    );
  });

  it('whatever decodes re-encodes to the very same bytes (strict layout, nothing ignored)', () => {
    fc.assert(
      fc.property(racpLike, (bytes) => {
        const first = decodeRecordAccessControlPoint(bytes);
        if (!first.ok) return;
        const again = encodeRecordAccessControlPoint(first.value);
        expect(again.ok && bytesToHex(again.value)).toBe(bytesToHex(bytes));
      }),
    );
  });
});
