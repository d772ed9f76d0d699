/**
 * Parsers of the history API's parameters (DESIGN.md §12.11): pure and total. Every bad input yields a
 * {@link HistoryErrorCode} (→ 400 problem), never an exception.
 */
import {
  DAYS_MAX_RANGE,
  EXPORT_DEFAULT_LIMIT,
  EXPORT_MAX_LIMIT,
  HISTORY_MAX_PATIENTS,
  METRIC_NAMES,
  PATIENT_ID_PATTERN,
  SERIES_MAX_BUCKETS,
  UTC_OFFSET_MAX_MINUTES,
  type HistoryErrorCode,
  type Metric,
} from '@openward/contracts';
import { decodeCursor } from '../store/cursor.js';
import { ceilTo, DAY_MS, floorTo, MINUTE_MS } from '../store/rollup.js';
import type { DaysQuery, ExportQuery, SeriesQuery } from '../store/vitals-store.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; code: HistoryErrorCode; detail: string };

const fail = (
  code: HistoryErrorCode,
  detail: string,
): { ok: false; code: HistoryErrorCode; detail: string } => ({
  ok: false,
  code,
  detail,
});

/** Query parameters as a plain lookup (URLSearchParams fits). */
export interface Params {
  get(name: string): string | null;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** A calendar date's UTC midnight in ms, or null when the string is not a real YYYY-MM-DD date. */
export function parseDate(s: string): number | null {
  const m = DATE.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return Date.UTC(y, mo - 1, d);
}

/**
 * An ISO 8601 time with an explicit offset (`Z` or ±HH:MM), seconds and milliseconds optional, as epoch ms;
 * null for anything else, including impossible dates (2023-02-29) and times before 1970.
 */
export function parseIsoTime(s: string): number | null {
  const m = ISO.exec(s);
  if (!m) return null;
  const day = parseDate(`${m[1]}-${m[2]}-${m[3]}`);
  const [h, mi, sec] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (day === null || h > 23 || mi > 59 || sec > 59) return null;
  const ms = Number((m[7] ?? '0').padEnd(3, '0'));
  const zone = m[8]!;
  let offsetMin = 0;
  if (zone !== 'Z') {
    const [oh, om] = [Number(zone.slice(1, 3)), Number(zone.slice(4, 6))];
    if (oh > 23 || om > 59) return null;
    offsetMin = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const t = day + ((h * 60 + mi) * 60 + sec) * 1000 + ms - offsetMin * MINUTE_MS;
  return t >= 0 ? t : null;
}

function patientId(raw: string): Parsed<string> {
  return PATIENT_ID_PATTERN.test(raw)
    ? { ok: true, value: raw }
    : fail('BAD_PATIENT_ID', 'invalid patient id');
}

function metric(raw: string | null, required: boolean): Parsed<Metric | undefined> {
  if (raw === null || raw === '') {
    return required ? fail('UNKNOWN_METRIC', 'metric is required') : { ok: true, value: undefined };
  }
  return (METRIC_NAMES as readonly string[]).includes(raw)
    ? { ok: true, value: raw as Metric }
    : fail('UNKNOWN_METRIC', `unknown metric "${raw.slice(0, 40)}"`);
}

function range(p: Params): Parsed<{ fromMs: number; toMs: number }> {
  const from = parseIsoTime(p.get('from') ?? '');
  const to = parseIsoTime(p.get('to') ?? '');
  if (from === null)
    return fail('BAD_TIME', 'from must be an ISO 8601 time with an offset, e.g. 2024-01-10T00:00:00Z');
  if (to === null)
    return fail('BAD_TIME', 'to must be an ISO 8601 time with an offset, e.g. 2024-01-11T00:00:00Z');
  if (from > to) return fail('BAD_RANGE', 'from must not be after to');
  return { ok: true, value: { fromMs: from, toMs: to } };
}

/** `GET /internal/v1/patients/{id}/series?metric=&from=&to=&bucket=<seconds>` */
export function parseSeriesParams(rawPatientId: string, p: Params): Parsed<SeriesQuery> {
  const id = patientId(rawPatientId);
  if (!id.ok) return id;
  const m = metric(p.get('metric'), true);
  if (!m.ok) return m;
  const r = range(p);
  if (!r.ok) return r;
  const bucket = p.get('bucket') ?? '';
  if (!/^[1-9]\d{0,9}$/.test(bucket))
    return fail('BAD_BUCKET', 'bucket must be a whole number of seconds ≥ 1');
  const bucketMs = Number(bucket) * 1000;
  const start = floorTo(r.value.fromMs, bucketMs);
  const buckets = (Math.max(ceilTo(r.value.toMs, bucketMs), start) - start) / bucketMs;
  if (buckets > SERIES_MAX_BUCKETS) {
    return fail('TOO_MANY_BUCKETS', `${buckets} buckets; at most ${SERIES_MAX_BUCKETS}: use larger buckets`);
  }
  return { ok: true, value: { patientId: id.value, metric: m.value!, ...r.value, bucketMs } };
}

/** `GET /internal/v1/patients/{id}/readings?from=&to=&metric=&after=&limit=` */
export function parseReadingsParams(rawPatientId: string, p: Params): Parsed<ExportQuery> {
  const id = patientId(rawPatientId);
  if (!id.ok) return id;
  const r = range(p);
  if (!r.ok) return r;
  const m = metric(p.get('metric'), false);
  if (!m.ok) return m;
  const rawLimit = p.get('limit');
  let limit = EXPORT_DEFAULT_LIMIT;
  if (rawLimit !== null) {
    limit = /^\d{1,6}$/.test(rawLimit) ? Number(rawLimit) : 0;
    if (limit < 1 || limit > EXPORT_MAX_LIMIT)
      return fail('BAD_LIMIT', `limit must be 1..${EXPORT_MAX_LIMIT}`);
  }
  const after = p.get('after');
  if (after !== null && decodeCursor(after) === null)
    return fail('BAD_CURSOR', 'after is not a cursor from this API');
  return {
    ok: true,
    value: {
      patientId: id.value,
      ...r.value,
      limit,
      ...(m.value ? { metric: m.value } : {}),
      ...(after !== null ? { after } : {}),
    },
  };
}

/** Patient ids: 1..{@link HISTORY_MAX_PATIENTS} distinct valid ids. */
export function parsePatientIds(ids: readonly unknown[]): Parsed<string[]> {
  if (ids.length === 0) return fail('BAD_PATIENT_ID', 'at least one patient id is required');
  if (ids.length > HISTORY_MAX_PATIENTS) {
    return fail('TOO_MANY_PATIENTS', `${ids.length} patients; at most ${HISTORY_MAX_PATIENTS}`);
  }
  if (!ids.every((id) => typeof id === 'string' && PATIENT_ID_PATTERN.test(id))) {
    return fail('BAD_PATIENT_ID', 'invalid patient id');
  }
  if (new Set(ids).size !== ids.length) return fail('BAD_PATIENT_ID', 'patient ids must be distinct');
  return { ok: true, value: ids as string[] };
}

/** The days query plus the local dates asked for. */
export interface DaysParams extends DaysQuery {
  patientIds: string[];
  from: string;
  to: string;
}

/** `GET /internal/v1/days-with-data?patients=&from=YYYY-MM-DD&to=YYYY-MM-DD&utcOffsetMinutes=` (to inclusive). */
export function parseDaysParams(p: Params): Parsed<DaysParams> {
  const rawIds = p.get('patients') ?? '';
  // Bound the split: a huge list is refused before it is materialised.
  if (rawIds.length > HISTORY_MAX_PATIENTS * 65)
    return fail('TOO_MANY_PATIENTS', `at most ${HISTORY_MAX_PATIENTS} patients`);
  const ids = parsePatientIds(rawIds === '' ? [] : rawIds.split(','));
  if (!ids.ok) return ids;
  const from = p.get('from') ?? '';
  const to = p.get('to') ?? '';
  const fromDay = parseDate(from);
  const toDay = parseDate(to);
  if (fromDay === null || toDay === null) return fail('BAD_TIME', 'from and to must be dates, YYYY-MM-DD');
  if (fromDay > toDay) return fail('BAD_RANGE', 'from must not be after to');
  if ((toDay - fromDay) / DAY_MS + 1 > DAYS_MAX_RANGE)
    return fail('BAD_RANGE', `at most ${DAYS_MAX_RANGE} days`);
  const rawOffset = p.get('utcOffsetMinutes') ?? '0';
  const offset = /^[+-]?\d{1,4}$/.test(rawOffset) ? Number(rawOffset) : NaN;
  if (!(Math.abs(offset) <= UTC_OFFSET_MAX_MINUTES)) {
    return fail('BAD_OFFSET', `utcOffsetMinutes must be an integer within ±${UTC_OFFSET_MAX_MINUTES}`);
  }
  const shift = offset * MINUTE_MS;
  return {
    ok: true,
    value: {
      patientIds: ids.value,
      from,
      to,
      fromMs: fromDay - shift,
      toMs: toDay + DAY_MS - shift,
      utcOffsetMinutes: offset === 0 ? 0 : offset,
    },
  };
}

/** Body of `POST /internal/v1/latest` (already read as text). */
export function parseLatestBody(text: string): Parsed<string[]> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return fail('BAD_BODY', 'body must be JSON: {"patientIds": [...]}');
  }
  if (
    typeof body !== 'object' ||
    body === null ||
    !Array.isArray((body as { patientIds?: unknown }).patientIds)
  ) {
    return fail('BAD_BODY', 'body must be {"patientIds": [...]}');
  }
  return parsePatientIds((body as { patientIds: unknown[] }).patientIds);
}
