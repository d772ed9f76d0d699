import { describe, expect, it } from '@jest/globals';
import {
  decodeObservationCursor,
  encodeObservationCursor,
  type ObservationCursor,
} from './observation-cursor.js';

const cursor: ObservationCursor = {
  patientId: 'p-1001',
  fromMs: 0,
  toMs: 1_768_032_000_000,
  metrics: ['bp-systolic', 'bp-diastolic', 'bp-mean'],
  positions: [
    { after: null, skip: 3 },
    { after: 'v1.WzE3NjgwMzIwMDAwMDAsImEiLDBd', skip: 0 },
    { after: null, skip: 999 },
  ],
};

describe('observation cursor', () => {
  it('round-trips through a URL-safe string', () => {
    const s = encodeObservationCursor(cursor);
    expect(s).toMatch(/^o1\.[A-Za-z0-9_-]+$/);
    expect(decodeObservationCursor(s)).toEqual(cursor);
    const all = { ...cursor, metrics: null, positions: [{ after: null, skip: 0 }] };
    expect(decodeObservationCursor(encodeObservationCursor(all))).toEqual(all);
  });

  it.each([
    ['no prefix', 'abc'],
    ['bad base64', 'o1.!!'],
    ['not JSON', `o1.${Buffer.from('nope').toString('base64url')}`],
    ['wrong arity', `o1.${Buffer.from('[1,2]').toString('base64url')}`],
    ['bad patient', `o1.${Buffer.from('["a b",0,1,null,[[null,0]]]').toString('base64url')}`],
    ['reversed window', `o1.${Buffer.from('["p-1",5,1,null,[[null,0]]]').toString('base64url')}`],
    ['unknown metric', `o1.${Buffer.from('["p-1",0,1,["x"],[[null,0]]]').toString('base64url')}`],
    ['positions ≠ metrics', `o1.${Buffer.from('["p-1",0,1,["spo2"],[]]').toString('base64url')}`],
    ['negative skip', `o1.${Buffer.from('["p-1",0,1,null,[[null,-1]]]').toString('base64url')}`],
    ['empty after', `o1.${Buffer.from('["p-1",0,1,null,[["",0]]]').toString('base64url')}`],
  ])('refuses %s', (_why, s) => {
    expect(decodeObservationCursor(s)).toBeNull();
  });
});
