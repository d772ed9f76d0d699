import { describe, expect, it } from '@jest/globals';
import {
  codeMatches,
  dateInterval,
  metricsForTokens,
  parseCount,
  parseDateParam,
  parseDateParams,
  parseReferenceParam,
  parseTokens,
} from './search-params.js';

const ms = (iso: string) => Date.parse(iso);

describe('date search parameter', () => {
  it('reads ge2026-01-01 as "from the start of that day"', () => {
    expect(parseDateParam('ge2026-01-01')).toEqual({
      ok: true,
      value: { fromMs: ms('2026-01-01T00:00:00Z'), toMs: null },
    });
  });

  it('reads le2026-01-31 as "up to the end of that day" (exclusive bound next midnight)', () => {
    expect(parseDateParam('le2026-01-31')).toEqual({
      ok: true,
      value: { fromMs: null, toMs: ms('2026-02-01T00:00:00Z') },
    });
  });

  it('applies gt and lt to the whole interval of the value', () => {
    expect(parseDateParam('gt2026-01')).toEqual({
      ok: true,
      value: { fromMs: ms('2026-02-01T00:00:00Z'), toMs: null },
    });
    expect(parseDateParam('lt2026')).toEqual({
      ok: true,
      value: { fromMs: null, toMs: ms('2026-01-01T00:00:00Z') },
    });
  });

  it('reads a value without prefix as eq: the interval at its precision', () => {
    expect(parseDateParam('2026-01-15T10:30Z')).toEqual({
      ok: true,
      value: { fromMs: ms('2026-01-15T10:30:00Z'), toMs: ms('2026-01-15T10:31:00Z') },
    });
    expect(dateInterval('2026-01-15T10:30:05.250+01:00')).toEqual({
      ok: true,
      value: { startMs: ms('2026-01-15T09:30:05.250Z'), endMs: ms('2026-01-15T09:30:05.251Z') },
    });
  });

  it('intersects several date parameters', () => {
    expect(parseDateParams(['ge2026-01-01', 'le2026-01-31', 'lt2026-01-20'])).toEqual({
      ok: true,
      value: { fromMs: ms('2026-01-01T00:00:00Z'), toMs: ms('2026-01-20T00:00:00Z') },
    });
  });

  it.each(['ne2026-01-01', 'ap2026', 'sa2026', '2026-13-01', '2026-02-30', 'yesterday', '2026-01-01T25:00Z'])(
    'refuses %s',
    (v) => {
      expect(parseDateParam(v).ok).toBe(false);
    },
  );
});

describe('_count', () => {
  it('defaults, accepts 1..max and refuses the rest', () => {
    expect(parseCount(undefined, 50, 500)).toEqual({ ok: true, value: 50 });
    expect(parseCount('500', 50, 500)).toEqual({ ok: true, value: 500 });
    expect(parseCount('0', 50, 500).ok).toBe(false);
    expect(parseCount('501', 50, 500).ok).toBe(false);
    expect(parseCount('ten', 50, 500).ok).toBe(false);
  });
});

describe('code tokens', () => {
  const tokens = (raw: string) => {
    const t = parseTokens(raw);
    if (!t.ok) throw new Error(t.message);
    return t.value;
  };

  it('finds both heart-rate and pulse-rate for LOINC 8867-4', () => {
    expect(metricsForTokens(tokens('http://loinc.org|8867-4'))).toEqual(['heart-rate', 'pulse-rate']);
  });

  it('finds the three blood-pressure metrics for the panel code, by LOINC or MDC', () => {
    const bp = ['bp-systolic', 'bp-diastolic', 'bp-mean'];
    expect(metricsForTokens(tokens('85354-9'))).toEqual(bp);
    expect(metricsForTokens(tokens('urn:iso:std:iso:11073:10101|150020'))).toEqual(bp);
    expect(metricsForTokens(tokens('http://loinc.org|8480-6'))).toEqual([]);
  });

  it('finds metrics by MDC code, OpenWard metric name, OR-list and whole system', () => {
    expect(metricsForTokens(tokens('urn:iso:std:iso:11073:10101|149546'))).toEqual(['pulse-rate']);
    expect(metricsForTokens(tokens('https://openward.dev/fhir/CodeSystem/metric|body-fat,2708-6'))).toEqual([
      'spo2',
      'body-fat',
    ]);
    expect(metricsForTokens(tokens('http://loinc.org|'))).toContain('glucose');
  });

  it('matches an Observation code by system and code', () => {
    const code = { coding: [{ system: 'http://loinc.org', code: '8867-4' }] };
    expect(codeMatches(code, tokens('http://loinc.org|8867-4'))).toBe(true);
    expect(codeMatches(code, tokens('urn:iso:std:iso:11073:10101|8867-4'))).toBe(false);
    expect(codeMatches(code, tokens('|8867-4'))).toBe(false);
  });
});

describe('reference parameters', () => {
  it('accepts id, Type/id and absolute URLs, and returns the record id', () => {
    expect(parseReferenceParam('p-1001', 'Patient')).toEqual({ ok: true, value: 'p-1001' });
    expect(parseReferenceParam('Patient/p.1001', 'Patient')).toEqual({ ok: true, value: 'p_1001' });
    expect(parseReferenceParam('https://x.example/fhir/R4/Patient/p-1', 'Patient')).toEqual({
      ok: true,
      value: 'p-1',
    });
    expect(parseReferenceParam('Device/p-1', 'Patient').ok).toBe(false);
    expect(parseReferenceParam('p 1', 'Patient').ok).toBe(false);
  });
});
