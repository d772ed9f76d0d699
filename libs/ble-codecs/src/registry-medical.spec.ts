import { describe, expect, it } from '@jest/globals';
import { hexToBytes } from './fixtures/fixture-table.js';
import { decodeCharacteristic, encodeCharacteristic, isSupportedCharacteristic } from './registry.js';

// One realistic value per medical characteristic, dispatched through the public table.
const ts = 'ea070b19091e0f';
const CASES = [
  ['2A35', `1e 7800 5000 a5f3 ${ts} 4800 01 0000`, 'systolic'],
  ['2A36', '00 8e00 ff07 ff07', 'currentCuffPressure'],
  ['2A1C', `06 6e0100ff ${ts} 01`, 'temperatureMeasurementValue'],
  ['2A1E', '00 6c0100ff', 'temperatureMeasurementValue'],
  ['2A5E', `03 6200 4800 ${ts} 8000`, 'spo2PrSpotCheck'],
  ['2A5F', '11 6200 4800 6100 4b00 35f0', 'spo2PrNormal'],
  ['2A9D', `0e b036 ${ts} 01 e500 d606`, 'weight'],
  ['2A9C', '0000 ea00', 'bodyFatPercentage'],
  ['2A08', ts, 'year'],
  ['2A2B', `${ts} 03 80 00`, 'dayOfWeek'],
] as const;

describe('medical characteristics in the dispatch table', () => {
  it.each(CASES)(
    '0x%s decodes through decodeCharacteristic and re-encodes byte-exact',
    (uuid, hex, field) => {
      expect(isSupportedCharacteristic(uuid.toLowerCase())).toBe(true);
      const d = decodeCharacteristic(uuid, hexToBytes(hex));
      expect(d.ok).toBe(true);
      if (!d.ok) return;
      expect(d.value).toHaveProperty(field);
      const e = encodeCharacteristic(uuid, d.value as never);
      expect(e.ok && Array.from(e.value)).toEqual(Array.from(hexToBytes(hex)));
    },
  );

  it('decodes the blood pressure fields with their units through the table', () => {
    const d = decodeCharacteristic(
      '00002a35-0000-1000-8000-00805f9b34fb',
      hexToBytes('04 7800 5000 5d00 4800'),
    );
    expect(d).toMatchObject({
      ok: true,
      value: {
        unit: 'mmHg',
        systolic: { kind: 'number', value: 120 },
        diastolic: { kind: 'number', value: 80 },
        meanArterialPressure: { kind: 'number', value: 93 },
        pulseRate: { kind: 'number', value: 72 },
        pulseRateUnit: '/min',
      },
    });
  });

  it('answers the exact error codes through the table', () => {
    const code = (uuid: string, hex: string): string => {
      const r = decodeCharacteristic(uuid, hexToBytes(hex));
      return r.ok ? 'ok' : r.code;
    };
    expect(code('2A35', '1e 7800 5000')).toBe('TRUNCATED');
    expect(code('2A36', '00 8e00 5000 ff07')).toBe('MALFORMED');
    expect(code('2A9D', '08 ffff e500 d606')).toBe('MALFORMED');
    expect(code('2A08', 'ea07 0d 01 00 00 00')).toBe('OUT_OF_RANGE');
  });
});
