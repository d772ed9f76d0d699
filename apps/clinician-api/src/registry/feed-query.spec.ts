import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MAX_VERSION, MAX_WAIT_SECONDS, parseFeedQuery } from './feed-query.js';

describe('parseFeedQuery', () => {
  it('defaults to "no version yet, do not wait"', () => {
    expect(parseFeedQuery({})).toEqual({ ok: true, query: { after: null, waitSeconds: 0 } });
  });

  it('reads after and waitSeconds', () => {
    expect(parseFeedQuery({ after: '17', waitSeconds: '30' })).toEqual({
      ok: true,
      query: { after: 17, waitSeconds: 30 },
    });
    expect(parseFeedQuery({ after: '0', waitSeconds: '0' })).toEqual({
      ok: true,
      query: { after: 0, waitSeconds: 0 },
    });
  });

  it.each([
    [{ waitSeconds: '31' }, /at most 30/],
    [{ waitSeconds: '-1' }, /non-negative integer/],
    [{ waitSeconds: '1.5' }, /non-negative integer/],
    [{ after: 'abc' }, /non-negative integer/],
    [{ after: ['1', '2'] }, /non-negative integer/],
    [{ after: '' }, /non-negative integer/],
    [{ after: String(MAX_VERSION + 1) }, /at most/],
    [{ since: '3' }, /unknown parameter since/],
  ])('refuses %j', (query, problem) => {
    const r = parseFeedQuery(query);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(problem);
  });

  it('never throws, and anything it accepts is in range', () => {
    const value = fc.oneof(fc.string(), fc.nat().map(String), fc.array(fc.string()), fc.constant(undefined));
    fc.assert(
      fc.property(
        fc.dictionary(fc.oneof(fc.constantFrom('after', 'waitSeconds'), fc.string()), value),
        (q) => {
          const r = parseFeedQuery(q);
          if (!r.ok) return;
          expect(r.query.waitSeconds).toBeGreaterThanOrEqual(0);
          expect(r.query.waitSeconds).toBeLessThanOrEqual(MAX_WAIT_SECONDS);
          if (r.query.after !== null) expect(Number.isSafeInteger(r.query.after)).toBe(true);
        },
      ),
    );
  });
});
