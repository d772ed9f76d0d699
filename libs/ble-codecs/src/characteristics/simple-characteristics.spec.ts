import { describe, expect, it } from '@jest/globals';
import { bytesToHex, hexToBytes, runFixtureTable } from '../fixtures/fixture-table.js';
import { batteryLevelCodec } from './battery-level.js';
import { bodySensorLocationCodec } from './body-sensor-location.js';
import { decodeUtf8String, manufacturerNameCodec } from './utf8-string.js';

runFixtureTable(batteryLevelCodec, {
  valid: [
    { name: '0 %', hex: '00', value: { level: 0, unit: '%' } },
    { name: '87 %', hex: '57', value: { level: 87, unit: '%' } },
    { name: '100 % (upper bound)', hex: '64', value: { level: 100, unit: '%' } },
    { name: 'trailing octet ignored', hex: '5700', canonicalHex: '57', value: { level: 87, unit: '%' } },
  ],
  errors: [
    { name: 'empty buffer', hex: '', code: 'TRUNCATED' },
    { name: '101 % is out of range', hex: '65', code: 'OUT_OF_RANGE' },
    { name: '255 is out of range', hex: 'ff', code: 'OUT_OF_RANGE' },
  ],
  encodeErrors: [
    { name: '101', input: { level: 101 }, code: 'OUT_OF_RANGE' },
    { name: '-1', input: { level: -1 }, code: 'OUT_OF_RANGE' },
    { name: '50.5', input: { level: 50.5 }, code: 'OUT_OF_RANGE' },
  ],
});

runFixtureTable(bodySensorLocationCodec, {
  valid: [
    { name: 'other', hex: '00', value: { location: 'other', code: 0 } },
    { name: 'chest', hex: '01', value: { location: 'chest', code: 1 } },
    { name: 'wrist', hex: '02', value: { location: 'wrist', code: 2 } },
    { name: 'finger', hex: '03', value: { location: 'finger', code: 3 } },
    { name: 'hand', hex: '04', value: { location: 'hand', code: 4 } },
    { name: 'ear lobe', hex: '05', value: { location: 'ear-lobe', code: 5 } },
    { name: 'foot', hex: '06', value: { location: 'foot', code: 6 } },
    { name: 'RFU code 7 kept as reserved', hex: '07', value: { location: 'reserved', code: 7 } },
    { name: 'RFU code 255 kept as reserved', hex: 'ff', value: { location: 'reserved', code: 255 } },
    {
      name: 'encoder input by name only',
      hex: '01',
      input: { location: 'chest' },
      value: { location: 'chest', code: 1 },
    },
  ],
  errors: [{ name: 'empty buffer', hex: '', code: 'TRUNCATED' }],
  encodeErrors: [
    {
      name: 'reserved code that is a defined location',
      input: { location: 'reserved', code: 1 },
      code: 'OUT_OF_RANGE',
    },
    { name: 'reserved code above uint8', input: { location: 'reserved', code: 256 }, code: 'OUT_OF_RANGE' },
  ],
});

runFixtureTable(manufacturerNameCodec, {
  valid: [
    { name: 'ASCII name', hex: '4f70656e57617264', value: { text: 'OpenWard' } },
    { name: 'empty string', hex: '', value: { text: '' } },
    { name: 'multi-byte UTF-8 (é)', hex: 'c3a9', value: { text: 'é' } },
    { name: 'trailing NUL padding removed', hex: '4f570000', canonicalHex: '4f57', value: { text: 'OW' } },
  ],
  errors: [
    { name: 'lone continuation octet', hex: '80', code: 'MALFORMED' },
    { name: 'multi-byte sequence cut short', hex: '4fc3', code: 'MALFORMED' },
  ],
});

describe('utf8s helpers', () => {
  it('keeps an interior NUL but strips trailing ones', () => {
    const r = decodeUtf8String(hexToBytes('410042 00'));
    expect(r).toEqual({ ok: true, value: { text: 'A\u0000B' } });
  });

  it('hex helpers used by the fixture tables agree with each other', () => {
    expect(bytesToHex(hexToBytes('00 ff 7a'))).toBe('00ff7a');
  });
});
