import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { HISTORY_ERROR_CODES, METRIC_NAMES } from '@openward/contracts';
import { encodeCursor } from '../store/cursor.js';
import {
  parseDate,
  parseDaysParams,
  parseIsoTime,
  parseLatestBody,
  parseReadingsParams,
  parseSeriesParams,
} from './history-params.js';

const q = (o: Record<string, string>) => new URLSearchParams(o);
const codeOf = (r: { ok: boolean; code?: string }) => (r.ok ? 'ok' : r.code);
const series = {
  metric: 'heart-rate',
  from: '2024-01-10T00:00:00Z',
  to: '2024-01-11T00:00:00Z',
  bucket: '60',
};

describe('parseIsoTime', () => {
  it.each([
    ['2024-01-10T00:00:00Z', Date.UTC(2024, 0, 10)],
    ['2024-01-10T00:00Z', Date.UTC(2024, 0, 10)],
    ['2024-01-10T01:02:03.4Z', Date.UTC(2024, 0, 10, 1, 2, 3, 400)],
    ['2024-01-10T05:30:00+05:30', Date.UTC(2024, 0, 10)],
    ['2024-01-09T19:00:00.000-05:00', Date.UTC(2024, 0, 10)],
    ['2024-02-29T12:00:00Z', Date.UTC(2024, 1, 29, 12)],
  ])('reads %s', (s, ms) => expect(parseIsoTime(s)).toBe(ms));

  it.each([
    '',
    '2024-01-10',
    '2024-01-10T00:00:00',
    '2024-01-10 00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-01-10T24:00:00Z',
    '2024-01-10T00:60:00Z',
    '2024-01-10T00:00:00.1234Z',
    '2024-01-10T00:00:00+25:00',
    '1969-12-31T23:59:59Z',
    '+002024-01-10T00:00:00Z',
    'now',
  ])('refuses %j', (s) => expect(parseIsoTime(s)).toBeNull());

  it('agrees with Date for every valid UTC time it prints (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(9999, 11, 31) }), (ms) => {
        expect(parseIsoTime(new Date(ms).toISOString())).toBe(ms);
      }),
    );
  });

  it('never throws and returns null or a non-negative integer for any string (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = parseIsoTime(s);
        expect(r === null || (Number.isSafeInteger(r) && r >= 0)).toBe(true);
      }),
    );
  });
});

describe('parseDate', () => {
  it('reads calendar dates and refuses impossible ones', () => {
    expect(parseDate('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseDate('2023-02-29')).toBeNull();
    expect(parseDate('2024-1-5')).toBeNull();
  });
});

describe('parseSeriesParams', () => {
  it('reads a valid query', () => {
    expect(parseSeriesParams('p-1', q(series))).toEqual({
      ok: true,
      value: {
        patientId: 'p-1',
        metric: 'heart-rate',
        fromMs: Date.UTC(2024, 0, 10),
        toMs: Date.UTC(2024, 0, 11),
        bucketMs: 60_000,
      },
    });
  });

  it.each([
    ['bad patient', 'p 1', {}, 'BAD_PATIENT_ID'],
    ['no metric', 'p-1', { metric: '' }, 'UNKNOWN_METRIC'],
    ['unknown metric', 'p-1', { metric: 'mood' }, 'UNKNOWN_METRIC'],
    ['bad from', 'p-1', { from: 'yesterday' }, 'BAD_TIME'],
    ['bad to', 'p-1', { to: '2024-01-11' }, 'BAD_TIME'],
    ['from after to', 'p-1', { from: '2024-01-12T00:00:00Z' }, 'BAD_RANGE'],
    ['zero bucket', 'p-1', { bucket: '0' }, 'BAD_BUCKET'],
    ['fractional bucket', 'p-1', { bucket: '1.5' }, 'BAD_BUCKET'],
    ['too many buckets', 'p-1', { bucket: '1' }, 'TOO_MANY_BUCKETS'],
  ])('%s → %s', (_, id, over, code) => {
    expect(codeOf(parseSeriesParams(id, q({ ...series, ...over })))).toBe(code);
  });

  it('allows exactly 50,000 buckets and refuses one more', () => {
    const to = (s: number) => new Date(Date.UTC(2024, 0, 10) + s * 1000).toISOString();
    expect(codeOf(parseSeriesParams('p-1', q({ ...series, bucket: '1', to: to(50_000) })))).toBe('ok');
    expect(codeOf(parseSeriesParams('p-1', q({ ...series, bucket: '1', to: to(50_001) })))).toBe(
      'TOO_MANY_BUCKETS',
    );
  });

  it('answers every input with a valid query or a documented code, never an exception (property)', () => {
    const codes = new Set<string>(Object.keys(HISTORY_ERROR_CODES));
    const value = fc.oneof(
      fc.string(),
      fc.constantFrom(...METRIC_NAMES),
      fc.integer({ min: 0, max: 4e12 }).map((ms) => new Date(ms).toISOString()),
      fc.integer({ min: -5, max: 1e7 }).map(String),
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.constantFrom('p-1', 'P_2-x')),
        fc.record({ metric: value, from: value, to: value, bucket: value }, { requiredKeys: [] }),
        (id, params) => {
          const r = parseSeriesParams(id, q(params as Record<string, string>));
          if (!r.ok) return expect(codes.has(r.code)).toBe(true);
          const v = r.value;
          expect(v.fromMs).toBeLessThanOrEqual(v.toMs);
          expect(v.bucketMs % 1000).toBe(0);
          const start = Math.floor(v.fromMs / v.bucketMs) * v.bucketMs;
          expect(Math.ceil(v.toMs / v.bucketMs) * v.bucketMs - start).toBeLessThanOrEqual(
            50_000 * v.bucketMs,
          );
        },
      ),
    );
  });
});

describe('parseReadingsParams', () => {
  const base = { from: series.from, to: series.to };
  it('reads defaults, a metric filter, a limit and a cursor', () => {
    expect(parseReadingsParams('p-1', q(base))).toMatchObject({ ok: true, value: { limit: 1000 } });
    const after = encodeCursor({ measuredAtMs: 5, readingId: 'r', idx: 1 });
    expect(parseReadingsParams('p-1', q({ ...base, metric: 'spo2', limit: '10000', after }))).toEqual({
      ok: true,
      value: {
        patientId: 'p-1',
        fromMs: Date.UTC(2024, 0, 10),
        toMs: Date.UTC(2024, 0, 11),
        metric: 'spo2',
        limit: 10_000,
        after,
      },
    });
  });

  it.each([
    [{ limit: '0' }, 'BAD_LIMIT'],
    [{ limit: '10001' }, 'BAD_LIMIT'],
    [{ limit: 'ten' }, 'BAD_LIMIT'],
    [{ after: 'v1.nope' }, 'BAD_CURSOR'],
    [{ after: '' }, 'BAD_CURSOR'],
    [{ metric: 'x' }, 'UNKNOWN_METRIC'],
    [{ from: '2024-01-12T00:00:00Z' }, 'BAD_RANGE'],
  ])('%j → %s', (over, code) =>
    expect(codeOf(parseReadingsParams('p-1', q({ ...base, ...over })))).toBe(code),
  );
});

describe('parseDaysParams', () => {
  const base = { patients: 'p-1,p-2', from: '2024-01-01', to: '2024-01-30' };
  it('turns local dates into a UTC range, the last date inclusive', () => {
    expect(parseDaysParams(q({ ...base, utcOffsetMinutes: '-300' }))).toEqual({
      ok: true,
      value: {
        patientIds: ['p-1', 'p-2'],
        from: '2024-01-01',
        to: '2024-01-30',
        utcOffsetMinutes: -300,
        fromMs: Date.UTC(2024, 0, 1, 5),
        toMs: Date.UTC(2024, 0, 31, 5),
      },
    });
    expect(parseDaysParams(q(base))).toMatchObject({ ok: true, value: { utcOffsetMinutes: 0 } });
  });

  it.each([
    [{ patients: '' }, 'BAD_PATIENT_ID'],
    [{ patients: 'p-1,,p-2' }, 'BAD_PATIENT_ID'],
    [{ patients: 'p-1,p-1' }, 'BAD_PATIENT_ID'],
    [{ patients: Array.from({ length: 1001 }, (_, i) => `p-${i}`).join(',') }, 'TOO_MANY_PATIENTS'],
    [{ patients: 'x'.repeat(70_000) }, 'TOO_MANY_PATIENTS'],
    [{ from: '2024-01-31' }, 'BAD_RANGE'],
    [{ from: '2023-01-01' }, 'BAD_RANGE'],
    [{ to: '2024-02-30' }, 'BAD_TIME'],
    [{ utcOffsetMinutes: '900' }, 'BAD_OFFSET'],
    [{ utcOffsetMinutes: '60.5' }, 'BAD_OFFSET'],
  ])('%j → %s', (over, code) => expect(codeOf(parseDaysParams(q({ ...base, ...over })))).toBe(code));

  it('accepts exactly 1000 patients', () => {
    const patients = Array.from({ length: 1000 }, (_, i) => `p-${i}`).join(',');
    expect(codeOf(parseDaysParams(q({ ...base, patients })))).toBe('ok');
  });

  it('answers every input with a valid query or a documented code (property)', () => {
    const codes = new Set<string>(Object.keys(HISTORY_ERROR_CODES));
    const value = fc.oneof(
      fc.string(),
      fc.integer({ min: 0, max: 4e12 }).map((ms) => new Date(ms).toISOString().slice(0, 10)),
      fc.integer({ min: -2000, max: 2000 }).map(String),
      fc.array(fc.constantFrom('p-1', 'p-2', 'p-3', '', 'bad id'), { maxLength: 5 }).map((a) => a.join(',')),
    );
    fc.assert(
      fc.property(
        fc.record({ patients: value, from: value, to: value, utcOffsetMinutes: value }, { requiredKeys: [] }),
        (params) => {
          const r = parseDaysParams(q(params as Record<string, string>));
          if (!r.ok) return expect(codes.has(r.code)).toBe(true);
          expect(r.value.toMs - r.value.fromMs).toBeGreaterThan(0);
          expect((r.value.toMs - r.value.fromMs) % 86_400_000).toBe(0);
          expect(new Set(r.value.patientIds).size).toBe(r.value.patientIds.length);
        },
      ),
    );
  });
});

describe('parseLatestBody', () => {
  it('reads distinct ids and refuses anything else with a code', () => {
    expect(parseLatestBody('{"patientIds":["p-1","p-2"]}')).toEqual({ ok: true, value: ['p-1', 'p-2'] });
    expect(codeOf(parseLatestBody('nope'))).toBe('BAD_BODY');
    expect(codeOf(parseLatestBody('{"ids":[]}'))).toBe('BAD_BODY');
    expect(codeOf(parseLatestBody('{"patientIds":[]}'))).toBe('BAD_PATIENT_ID');
    expect(codeOf(parseLatestBody('{"patientIds":[1]}'))).toBe('BAD_PATIENT_ID');
    const many = JSON.stringify({ patientIds: Array.from({ length: 1001 }, (_, i) => `p-${i}`) });
    expect(codeOf(parseLatestBody(many))).toBe('TOO_MANY_PATIENTS');
  });

  it('never throws on arbitrary JSON (property)', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        const r = parseLatestBody(text);
        expect(r.ok || r.code in HISTORY_ERROR_CODES).toBe(true);
      }),
    );
  });
});
