import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  CHARACTERISTIC_CODECS,
  decodeCharacteristic,
  encodeCharacteristic,
  isSupportedCharacteristic,
  normalizeUuid16,
} from './registry.js';
import { CODEC_ERROR } from './result.js';

const uuids = Object.keys(CHARACTERISTIC_CODECS);
const codes = Object.values(CODEC_ERROR);

describe('decodeCharacteristic dispatch table', () => {
  it('registers every codec under its own uppercase UUID16', () => {
    for (const [key, codec] of Object.entries(CHARACTERISTIC_CODECS)) {
      expect(codec.uuid16).toBe(key);
      expect(key).toMatch(/^[0-9A-F]{4}$/);
    }
  });

  it('dispatches 0x2A37 to the Heart Rate Measurement decoder', () => {
    const r = decodeCharacteristic('2A37', Uint8Array.of(0x16, 0x48, 0x56, 0x03));
    expect(r.ok && r.value.heartRate).toBe(72);
    expect(r.ok && r.value.rrIntervals).toEqual([854]);
  });

  it('dispatches battery level and body sensor location', () => {
    expect(decodeCharacteristic('2A19', Uint8Array.of(87))).toEqual({
      ok: true,
      value: { level: 87, unit: '%' },
    });
    expect(decodeCharacteristic('2A38', Uint8Array.of(1))).toEqual({
      ok: true,
      value: { location: 'chest', code: 1 },
    });
  });

  it('answers battery level above 100 with OUT_OF_RANGE through the table', () => {
    const r = decodeCharacteristic('2A19', Uint8Array.of(101));
    expect(r.ok ? 'ok' : r.code).toBe('OUT_OF_RANGE');
  });

  it.each(['2a37', '0x2A37', '00002a37-0000-1000-8000-00805f9b34fb', '00002a3700001000800000805f9b34fb'])(
    'accepts the spelling %s',
    (u) => {
      expect(normalizeUuid16(u)).toBe('2A37');
      expect(decodeCharacteristic(u, Uint8Array.of(0, 60)).ok).toBe(true);
    },
  );

  it.each(['2A99', '180D', 'zzzz', '', '12345678-0000-1000-8000-00805f9b34fb', 'constructor', '__proto__'])(
    'answers UNSUPPORTED for %p',
    (u) => {
      const r = decodeCharacteristic(u, Uint8Array.of(1, 2));
      expect(r.ok ? 'ok' : r.code).toBe('UNSUPPORTED');
      expect(isSupportedCharacteristic(u)).toBe(false);
    },
  );

  it('encodes through the table and refuses unknown UUIDs', () => {
    const r = encodeCharacteristic('2A19', { level: 50 });
    expect(r.ok && Array.from(r.value)).toEqual([50]);
    const bad = encodeCharacteristic('2A99' as '2A19', { level: 50 });
    expect(bad.ok ? 'ok' : bad.code).toBe('UNSUPPORTED');
  });

  it.each(uuids)('random bytes never throw for 0x%s and fail only with a known code', (uuid) => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const r = decodeCharacteristic(uuid, bytes);
        if (!r.ok) {
          expect(codes).toContain(r.code);
          expect(r.code).not.toBe('UNSUPPORTED');
        }
      }),
      { numRuns: 500 },
    );
  });

  it.each(uuids)('anything 0x%s decodes re-encodes to bytes that decode to the same value', (uuid) => {
    const codec = CHARACTERISTIC_CODECS[uuid as keyof typeof CHARACTERISTIC_CODECS];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const first = codec.decode(bytes);
        if (!first.ok) return;
        const encoded = (codec.encode as (v: unknown) => ReturnType<typeof codec.encode>)(first.value);
        expect(encoded.ok).toBe(true);
        if (encoded.ok) expect(codec.decode(encoded.value)).toEqual(first);
      }),
      { numRuns: 500 },
    );
  });
});
