import { describe, expect, it } from 'vitest';
import { ageMs, freshnessOf, staleTransitions, type Freshness } from './staleness';
import { formatAge } from './format-age';

const t0 = Date.parse('2026-03-01T10:00:00.000Z');

describe('freshnessOf', () => {
  it('is nodata without a reading', () => {
    expect(freshnessOf(null, t0, 15_000)).toBe('nodata');
  });

  it('is fresh up to and including the threshold, stale after it', () => {
    expect(freshnessOf(t0, t0, 15_000)).toBe('fresh');
    expect(freshnessOf(t0, t0 + 15_000, 15_000)).toBe('fresh');
    expect(freshnessOf(t0, t0 + 15_001, 15_000)).toBe('stale');
    expect(freshnessOf(t0, t0 + 45_000, 15_000)).toBe('stale');
  });

  it('treats a reading from slightly in the future as fresh with age 0', () => {
    expect(freshnessOf(t0 + 2_000, t0, 15_000)).toBe('fresh');
    expect(ageMs(t0 + 2_000, t0)).toBe(0);
  });
});

describe('formatAge', () => {
  it.each([
    [0, '0 s'],
    [999, '0 s'],
    [5_400, '5 s'],
    [59_999, '59 s'],
    [60_000, '1 min'],
    [45 * 60_000 + 59_000, '45 min'],
    [3_600_000, '1 h'],
    [2 * 3_600_000 + 5 * 60_000, '2 h 5 min'],
    [3 * 86_400_000 + 1, '3 d'],
    [-5_000, '0 s'],
  ])('formats %d ms as %j', (ms, text) => {
    expect(formatAge(ms)).toBe(text);
  });
});

describe('staleTransitions', () => {
  const map = (entries: [string, Freshness][]) => new Map(entries);

  it('reports fresh→stale, nodata→stale and stale→fresh only', () => {
    const prev = map([
      ['a', 'fresh'],
      ['b', 'stale'],
      ['c', 'nodata'],
      ['d', 'nodata'],
      ['e', 'fresh'],
    ]);
    const next = map([
      ['a', 'stale'],
      ['b', 'fresh'],
      ['c', 'stale'],
      ['d', 'fresh'],
      ['e', 'fresh'],
      ['f', 'stale'],
    ]);
    expect(staleTransitions(prev, next)).toEqual([
      { id: 'a', from: 'fresh', to: 'stale' },
      { id: 'b', from: 'stale', to: 'fresh' },
      { id: 'c', from: 'nodata', to: 'stale' },
    ]);
  });
});
