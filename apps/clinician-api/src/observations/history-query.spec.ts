import { describe, expect, it } from '@jest/globals';
import { checkBuckets, checkLimit, checkRange } from './history-query.js';

describe('history query checks', () => {
  it('turns a range into epoch ms and refuses from after to', () => {
    expect(checkRange('2026-01-10T00:00:00Z', '2026-01-10T01:00:00+01:00')).toEqual({
      ok: true,
      value: { fromMs: Date.parse('2026-01-10T00:00:00Z'), toMs: Date.parse('2026-01-10T00:00:00Z') },
    });
    expect(checkRange('2026-01-11T00:00:00Z', '2026-01-10T00:00:00Z')).toMatchObject({
      ok: false,
      code: 'OBSERVATION_BAD_RANGE',
    });
  });

  it('defaults the page size to 1000 and caps it at 10,000', () => {
    expect(checkLimit(undefined)).toEqual({ ok: true, value: 1000 });
    expect(checkLimit('10000')).toEqual({ ok: true, value: 10_000 });
    expect(checkLimit('10001')).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
  });

  it('counts epoch-aligned buckets as ingest does and refuses more than 50,000', () => {
    const day = Date.parse('2026-01-10T00:00:00Z');
    expect(checkBuckets(day + 1, day + 3600_000 + 1, 3600)).toEqual({ ok: true, value: 2 });
    expect(checkBuckets(day, day + 86_400_000, 1)).toMatchObject({
      ok: false,
      code: 'OBSERVATION_TOO_MANY_BUCKETS',
    });
  });
});
