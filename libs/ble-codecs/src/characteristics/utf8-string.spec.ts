import { describe, expect, it } from '@jest/globals';
import { decodeCharacteristic, encodeCharacteristic } from '../index.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('Device Information strings (0x2A29, 0x2A24, 0x2A25, 0x2A26, 0x2A28)', () => {
  it.each(['2A29', '2A24', '2A25', '2A26', '2A28'] as const)(
    'decodes and re-encodes %s as UTF-8 text',
    (uuid) => {
      expect(decodeCharacteristic(uuid, bytes('OpenWard Sim 1.2 – µ'))).toEqual({
        ok: true,
        value: { text: 'OpenWard Sim 1.2 – µ' },
      });
      expect(encodeCharacteristic(uuid, { text: 'v2.0.1' })).toEqual({ ok: true, value: bytes('v2.0.1') });
    },
  );
  it('drops C-style NUL padding but keeps an empty string', () => {
    expect(decodeCharacteristic('2A28', new Uint8Array([0x31, 0x2e, 0x30, 0, 0]))).toEqual({
      ok: true,
      value: { text: '1.0' },
    });
    expect(decodeCharacteristic('2A28', new Uint8Array([]))).toEqual({ ok: true, value: { text: '' } });
  });
  it('rejects invalid UTF-8 as MALFORMED', () => {
    const r = decodeCharacteristic('2A28', new Uint8Array([0xc3, 0x28]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe('MALFORMED');
  });
});
