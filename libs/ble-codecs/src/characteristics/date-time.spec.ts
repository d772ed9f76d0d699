import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ByteReader } from '../bytes.js';
import { hexToBytes, runFixtureTable } from '../fixtures/fixture-table.js';
import { TS, TS_HEX, runRandomByteProperties, truncations } from '../fixtures/medical-values.js';
import { currentTimeCodec, type CurrentTime } from './current-time.js';
import {
  dateTimeCodec,
  decodeDateTimeFields,
  encodeDateTimeFields,
  type DateTimeFields,
} from './date-time.js';

const dt = (p: Partial<DateTimeFields>): DateTimeFields => ({ ...TS, ...p });

runFixtureTable(dateTimeCodec, {
  valid: [
    { name: '2026-11-25 09:30:15', hex: TS_HEX, value: TS },
    {
      name: 'all not known: year 0, month 0, day 0',
      hex: '0000 00 00 00 00 00',
      value: { year: 0, month: 0, day: 0, hours: 0, minutes: 0, seconds: 0 },
    },
    {
      name: 'lowest year 1582',
      hex: '2e06 01 01 00 00 00',
      value: dt({ year: 1582, month: 1, day: 1, hours: 0, minutes: 0, seconds: 0 }),
    },
    {
      name: 'highest values 9999-12-31 23:59:59',
      hex: '0f27 0c 1f 17 3b 3b',
      value: { year: 9999, month: 12, day: 31, hours: 23, minutes: 59, seconds: 59 },
    },
    {
      name: 'year known, month and day not known',
      hex: 'ea07 00 00 0c 00 00',
      value: dt({ month: 0, day: 0, hours: 12, minutes: 0, seconds: 0 }),
    },
    {
      name: 'day range is not checked against the month (31 February passes)',
      hex: 'ea07 02 1f 00 00 00',
      value: dt({ month: 2, day: 31, hours: 0, minutes: 0, seconds: 0 }),
    },
    { name: 'trailing octets ignored', hex: `${TS_HEX} 03`, canonicalHex: TS_HEX, value: TS },
  ],
  errors: [
    ...truncations('date time', TS_HEX),
    { name: 'year 1 (RFU)', hex: '0100 01 01 00 00 00', code: 'OUT_OF_RANGE' },
    { name: 'year 1581 (RFU)', hex: '2d06 01 01 00 00 00', code: 'OUT_OF_RANGE' },
    { name: 'year 10000 (RFU)', hex: '1027 01 01 00 00 00', code: 'OUT_OF_RANGE' },
    { name: 'year 65535 (RFU)', hex: 'ffff 01 01 00 00 00', code: 'OUT_OF_RANGE' },
    { name: 'month 13', hex: 'ea07 0d 01 00 00 00', code: 'OUT_OF_RANGE' },
    { name: 'day 32', hex: 'ea07 01 20 00 00 00', code: 'OUT_OF_RANGE' },
    { name: 'hours 24', hex: 'ea07 01 01 18 00 00', code: 'OUT_OF_RANGE' },
    { name: 'minutes 60', hex: 'ea07 01 01 00 3c 00', code: 'OUT_OF_RANGE' },
    { name: 'seconds 60 (no leap second in GSS)', hex: 'ea07 01 01 00 00 3c', code: 'OUT_OF_RANGE' },
  ],
  encodeErrors: [
    { name: 'year 1581', input: dt({ year: 1581 }), code: 'OUT_OF_RANGE' },
    { name: 'year 10000', input: dt({ year: 10000 }), code: 'OUT_OF_RANGE' },
    { name: 'month 13', input: dt({ month: 13 }), code: 'OUT_OF_RANGE' },
    { name: 'day -1', input: dt({ day: -1 }), code: 'OUT_OF_RANGE' },
    { name: 'fractional seconds', input: dt({ seconds: 1.5 }), code: 'OUT_OF_RANGE' },
  ],
});

runRandomByteProperties(dateTimeCodec, 12);

describe('shared date time fields (used inside other characteristics)', () => {
  it('reads exactly seven octets at the reader position and leaves the rest', () => {
    const r = new ByteReader(hexToBytes(`${TS_HEX} aa`));
    expect(decodeDateTimeFields(r)).toEqual({ ok: true, value: TS });
    expect(r.remaining).toBe(1);
  });

  it('names the embedding field in its error message', () => {
    const r = decodeDateTimeFields(new ByteReader(hexToBytes('ea07 0d 01 00 00 00')), '0x2A18 Base Time');
    expect(r.ok ? '' : r.message).toContain('0x2A18 Base Time');
  });

  it('any in-range fields encode to 7 octets and decode back (property)', () => {
    const fields = fc.record({
      year: fc.oneof(fc.constant(0), fc.integer({ min: 1582, max: 9999 })),
      month: fc.integer({ min: 0, max: 12 }),
      day: fc.integer({ min: 0, max: 31 }),
      hours: fc.integer({ min: 0, max: 23 }),
      minutes: fc.integer({ min: 0, max: 59 }),
      seconds: fc.integer({ min: 0, max: 59 }),
    });
    fc.assert(
      fc.property(fields, (v) => {
        const bytes = encodeDateTimeFields(v);
        expect(bytes.ok && bytes.value.length).toBe(7);
        if (bytes.ok)
          expect(decodeDateTimeFields(new ByteReader(bytes.value))).toEqual({ ok: true, value: v });
      }),
    );
  });
});

const ct = (p: Partial<CurrentTime>): CurrentTime => ({
  dateTime: TS,
  dayOfWeek: 3,
  fractions256: 128,
  adjustReason: {
    manualTimeUpdate: false,
    externalReferenceTimeUpdate: false,
    changeOfTimeZone: false,
    changeOfDst: false,
  },
  ...p,
});
// 2026-11-25 is a Wednesday (3); fractions 128/256 s = 0.5 s; adjust reason 0.
const CT = `${TS_HEX} 03 80 00`;

runFixtureTable(currentTimeCodec, {
  valid: [
    { name: 'Wednesday 09:30:15.5, no adjustment', hex: CT, value: ct({}) },
    {
      name: 'adjust reason: manual update and external reference (0x03)',
      hex: `${TS_HEX} 03 80 03`,
      value: ct({
        adjustReason: {
          manualTimeUpdate: true,
          externalReferenceTimeUpdate: true,
          changeOfTimeZone: false,
          changeOfDst: false,
        },
      }),
    },
    {
      name: 'adjust reason: time zone and DST change (0x0C)',
      hex: `${TS_HEX} 03 80 0c`,
      value: ct({
        adjustReason: {
          manualTimeUpdate: false,
          externalReferenceTimeUpdate: false,
          changeOfTimeZone: true,
          changeOfDst: true,
        },
      }),
    },
    {
      name: 'adjust reason RFU bits 4-7 ignored',
      hex: `${TS_HEX} 03 80 f1`,
      canonicalHex: `${TS_HEX}038001`,
      value: ct({
        adjustReason: {
          manualTimeUpdate: true,
          externalReferenceTimeUpdate: false,
          changeOfTimeZone: false,
          changeOfDst: false,
        },
      }),
    },
    { name: 'day of week 0 = not known', hex: `${TS_HEX} 00 80 00`, value: ct({ dayOfWeek: 0 }) },
    { name: 'day of week 7 = Sunday', hex: `${TS_HEX} 07 80 00`, value: ct({ dayOfWeek: 7 }) },
    {
      name: 'fractions256 0 and 255',
      hex: `${TS_HEX} 01 ff 00`,
      value: ct({ dayOfWeek: 1, fractions256: 255 }),
    },
    {
      name: 'unknown date (clock never set)',
      hex: '0000 00 00 00 00 00 00 00 00',
      value: ct({
        dateTime: { year: 0, month: 0, day: 0, hours: 0, minutes: 0, seconds: 0 },
        dayOfWeek: 0,
        fractions256: 0,
      }),
    },
    { name: 'trailing octets ignored', hex: `${CT} 55`, canonicalHex: CT.replace(/ /g, ''), value: ct({}) },
    {
      name: 'encoder defaults the adjust reason to none',
      hex: CT,
      input: { dateTime: TS, dayOfWeek: 3, fractions256: 128 },
      value: ct({}),
    },
  ],
  errors: [
    ...truncations('current time', CT),
    { name: 'day of week 8 (RFU)', hex: `${TS_HEX} 08 80 00`, code: 'OUT_OF_RANGE' },
    { name: 'month 13 in the date time', hex: 'ea07 0d 19 09 1e 0f 03 80 00', code: 'OUT_OF_RANGE' },
    { name: 'truncation wins over a bad month', hex: 'ea07 0d 19 09 1e 0f 03', code: 'TRUNCATED' },
  ],
  encodeErrors: [
    { name: 'day of week 8', input: { dateTime: TS, dayOfWeek: 8, fractions256: 0 }, code: 'OUT_OF_RANGE' },
    { name: 'fractions 256', input: { dateTime: TS, dayOfWeek: 1, fractions256: 256 }, code: 'OUT_OF_RANGE' },
    {
      name: 'seconds 60',
      input: { dateTime: dt({ seconds: 60 }), dayOfWeek: 1, fractions256: 0 },
      code: 'OUT_OF_RANGE',
    },
  ],
});

runRandomByteProperties(currentTimeCodec, 14);
