/**
 * Parsers of FHIR search parameters (https://hl7.org/fhir/R4/search.html): date with prefixes, token,
 * reference, _count. Pure and total: bad input gives `{ ok: false, message }`, never an exception.
 */
import { METRIC_NAMES, type Metric } from '@openward/contracts';
import { fromFhirId } from './ids.js';
import { allMetricCodings, BP_COMPONENTS, BP_PANEL } from './metric-codes.js';
import { SYSTEMS } from './systems.js';
import type { Coding } from './types.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

/** A half-open time range in epoch ms, `[fromMs, toMs)`; null = unbounded. */
export interface TimeRange {
  readonly fromMs: number | null;
  readonly toMs: number | null;
}

const DATE_RE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * The interval a FHIR date value stands for, at its precision: `2026` is the whole year, `2026-01-01` the day,
 * `2026-01-01T10:00Z` the minute. Times without a zone are taken as UTC (the server's zone).
 */
export function dateInterval(value: string): Parsed<{ startMs: number; endMs: number }> {
  const m = DATE_RE.exec(value);
  if (!m) return fail(`"${value.slice(0, 40)}" is not a FHIR date (YYYY, YYYY-MM, YYYY-MM-DD or a dateTime)`);
  const y = Number(m[1]);
  const mo = m[2] === undefined ? null : Number(m[2]);
  const d = m[3] === undefined ? null : Number(m[3]);
  if (mo !== null && (mo < 1 || mo > 12)) return fail(`invalid month in "${value.slice(0, 40)}"`);
  if (d !== null && mo !== null && (d < 1 || d > daysIn(y, mo)))
    return fail(`invalid day in "${value.slice(0, 40)}"`);
  if (mo === null) return { ok: true, value: { startMs: Date.UTC(y, 0, 1), endMs: Date.UTC(y + 1, 0, 1) } };
  if (d === null) return { ok: true, value: { startMs: Date.UTC(y, mo - 1, 1), endMs: Date.UTC(y, mo, 1) } };
  if (m[4] === undefined) {
    return { ok: true, value: { startMs: Date.UTC(y, mo - 1, d), endMs: Date.UTC(y, mo - 1, d + 1) } };
  }
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const s = m[6] === undefined ? null : Number(m[6]);
  if (h > 23 || mi > 59 || (s !== null && s > 59)) return fail(`invalid time in "${value.slice(0, 40)}"`);
  let offsetMin = 0;
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z') {
    const [oh, om] = [Number(zone.slice(1, 3)), Number(zone.slice(4, 6))];
    if (oh > 14 || om > 59) return fail(`invalid time zone in "${value.slice(0, 40)}"`);
    offsetMin = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const fraction = m[7];
  const ms = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  const start = Date.UTC(y, mo - 1, d, h, mi, s ?? 0, ms) - offsetMin * 60_000;
  const step = s === null ? 60_000 : fraction === undefined ? 1000 : 1;
  return { ok: true, value: { startMs: start, endMs: start + step } };
}

const PREFIXES = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap'] as const;

/**
 * One `date` parameter value (`ge2026-01-01`, `lt2026-02`, `2026-01-15`) as the range of instants it admits.
 * Supported prefixes: eq (default), ge, gt, le, lt; ne, sa, eb and ap are refused.
 */
export function parseDateParam(raw: string): Parsed<TimeRange> {
  const p = PREFIXES.find((x) => raw.startsWith(x));
  const prefix = p ?? 'eq';
  if (prefix === 'ne' || prefix === 'sa' || prefix === 'eb' || prefix === 'ap') {
    return fail(`date prefix "${prefix}" is not supported (use eq, ge, gt, le or lt)`);
  }
  const interval = dateInterval(p ? raw.slice(2) : raw);
  if (!interval.ok) return interval;
  const { startMs, endMs } = interval.value;
  switch (prefix) {
    case 'eq':
      return { ok: true, value: { fromMs: startMs, toMs: endMs } };
    case 'ge':
      return { ok: true, value: { fromMs: startMs, toMs: null } };
    case 'gt':
      return { ok: true, value: { fromMs: endMs, toMs: null } };
    case 'le':
      return { ok: true, value: { fromMs: null, toMs: endMs } };
    case 'lt':
      return { ok: true, value: { fromMs: null, toMs: startMs } };
  }
}

/** Every `date` value ANDed: the intersection of their ranges (possibly empty: fromMs ≥ toMs). */
export function parseDateParams(values: readonly string[]): Parsed<TimeRange> {
  let fromMs: number | null = null;
  let toMs: number | null = null;
  for (const v of values) {
    const r = parseDateParam(v);
    if (!r.ok) return r;
    if (r.value.fromMs !== null) fromMs = fromMs === null ? r.value.fromMs : Math.max(fromMs, r.value.fromMs);
    if (r.value.toMs !== null) toMs = toMs === null ? r.value.toMs : Math.min(toMs, r.value.toMs);
  }
  return { ok: true, value: { fromMs, toMs } };
}

/** `_count`: an integer in 1..max; absent → `fallback`. */
export function parseCount(raw: string | undefined, fallback: number, max: number): Parsed<number> {
  if (raw === undefined) return { ok: true, value: fallback };
  if (!/^\d{1,6}$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
    return fail(`_count must be an integer from 1 to ${max}`);
  }
  return { ok: true, value: Number(raw) };
}

/** A token `[system]|code`, `code` (any system) or `system|` (any code of the system). */
export interface Token {
  /** undefined: any system; '' : no system. */
  readonly system: string | undefined;
  /** undefined: any code of `system`. */
  readonly code: string | undefined;
}

export function parseToken(raw: string): Parsed<Token> {
  if (raw === '') return fail('empty token');
  const bar = raw.indexOf('|');
  if (bar < 0) return { ok: true, value: { system: undefined, code: raw } };
  const system = raw.slice(0, bar);
  const code = raw.slice(bar + 1);
  if (code === '' && system === '') return fail('empty token');
  return { ok: true, value: { system, code: code === '' ? undefined : code } };
}

/** Comma-separated tokens (OR), e.g. `code=http://loinc.org|8867-4,http://loinc.org|85354-9`. */
export function parseTokens(raw: string): Parsed<Token[]> {
  const out: Token[] = [];
  for (const part of raw.split(',')) {
    const t = parseToken(part);
    if (!t.ok) return t;
    out.push(t.value);
  }
  return { ok: true, value: out };
}

export function tokenMatches(t: Token, c: Coding): boolean {
  if (t.system !== undefined && (c.system ?? '') !== t.system) return false;
  return t.code === undefined || c.code === t.code;
}

/** Panel codings: an Observation.code for blood pressure carries these, not the component codes. */
const PANEL_CODINGS: readonly Coding[] = [
  { system: SYSTEMS.mdc, code: BP_PANEL.mdc.code },
  { system: SYSTEMS.loinc, code: BP_PANEL.loinc.code },
];

/**
 * The metrics whose Observations may carry a code matching one of `tokens` (a superset: the caller still
 * checks each Observation's code). Blood-pressure component codes match nothing (the panel's code is
 * 85354-9 / 150020; components are not searched by `code`).
 */
export function metricsForTokens(tokens: readonly Token[]): Metric[] {
  const out = new Set<Metric>();
  for (const t of tokens) {
    if (PANEL_CODINGS.some((c) => tokenMatches(t, c))) BP_COMPONENTS.forEach((m) => out.add(m));
    for (const m of METRIC_NAMES) {
      if (BP_COMPONENTS.includes(m as (typeof BP_COMPONENTS)[number])) continue;
      if (allMetricCodings(m).some((c) => tokenMatches(t, c))) out.add(m);
    }
  }
  return METRIC_NAMES.filter((m) => out.has(m));
}

/**
 * A reference parameter to a resource of `type`: `id`, `Type/id` or an absolute URL ending in `Type/id`.
 * Returns the OpenWard record id behind the FHIR id.
 */
export function parseReferenceParam(raw: string, type: string): Parsed<string> {
  const m = new RegExp(`^(?:(?:.*/)?${type}/)?([A-Za-z0-9\\-.]{1,64})$`).exec(raw);
  const id = m?.[1] === undefined ? null : fromFhirId(m[1]);
  if (id === null || (raw.includes('/') && !raw.includes(`${type}/`))) {
    return fail(`"${raw.slice(0, 80)}" is not a reference to a ${type}`);
  }
  return { ok: true, value: id };
}

/** Whether an Observation's code matches any of `tokens` (the `code` search parameter). */
export function codeMatches(
  code: { readonly coding?: readonly Coding[] },
  tokens: readonly Token[],
): boolean {
  return tokens.some((t) => (code.coding ?? []).some((c) => tokenMatches(t, c)));
}
