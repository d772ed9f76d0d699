import { Injectable } from '@nestjs/common';
import type { ExportPoint, Metric } from '@openward/contracts';
import { PATIENT_ID_PATTERN } from '@openward/contracts';
import {
  codeMatches,
  groupByReading,
  isPatientObservation,
  metricsForTokens,
  parseCount,
  parseDateParams,
  parseObservationId,
  parseReferenceParam,
  parseTokens,
  readingObservations,
  searchsetBundle,
  type Bundle,
  type Observation,
  type Token,
} from '@openward/fhir';
import { PatientAccess } from '../access/patient-access.js';
import { AUDIT_ACTIONS } from '../audit/audit.port.js';
import { Clock } from '../common/clock.js';
import type { Principal } from '../common/principal.js';
import type { RequestMeta } from '../common/request-context.js';
import { IngestHistoryClient } from '../observations/ingest-history.client.js';
import { all, one, searchUrl, type FhirQuery } from './fhir-request.js';
import { FhirError } from './fhir.errors.js';
import {
  decodeObservationCursor,
  encodeObservationCursor,
  type ObservationCursor,
} from './observation-cursor.js';
import { collectPage, PointStream, type FetchPage } from './observation-pager.js';

/** Default and largest `_count` of an Observation page. */
export const OBSERVATION_PAGE_DEFAULT = 100;
export const OBSERVATION_PAGE_MAX = 1000;
/** Points per ingest request while paging (fixed: a cursor's `skip` counts within pages of this size). */
const INGEST_PAGE_POINTS = 1000;
/** Most points scanned to fill one page (a sparse code filter then yields a short page with a next link). */
const MAX_SCAN_POINTS = 50_000;
/** Without `le`/`lt`, the window ends a day after now (device clocks may run slightly ahead). */
const OPEN_END_MS = 24 * 3600_000;

function ok<T>(r: { ok: true; value: T } | { ok: false; message: string }): T {
  if (!r.ok) throw new FhirError('FHIR_BAD_PARAMETER', r.message);
  return r.value;
}

/** The part of an Observation search that pages: window, streams and where to resume. */
export interface ObservationPageRequest {
  readonly patientId: string;
  readonly fromMs: number;
  readonly toMs: number;
  /** null: every metric (one stream). */
  readonly metrics: readonly Metric[] | null;
  readonly count: number;
  /** Device-status Observations (subject = the PHD) are included in $everything and the export only. */
  readonly includeDeviceStatus: boolean;
  readonly cursor: ObservationCursor | null;
}

/** Observation read and search, and the Observation pages of Patient/$everything. */
@Injectable()
export class FhirObservationsService {
  constructor(
    private readonly access: PatientAccess,
    private readonly history: IngestHistoryClient,
    private readonly clock: Clock,
  ) {}

  /** `GET Observation?patient=&code=&date=&_count=&_getpages=`. */
  async search(principal: Principal, q: FhirQuery, base: string, meta: RequestMeta): Promise<Bundle> {
    const ref = one(q, 'patient') ?? one(q, 'subject');
    if (ref === undefined) throw new FhirError('FHIR_PATIENT_REQUIRED');
    const patientId = ok(parseReferenceParam(ref, 'Patient'));
    if (!PATIENT_ID_PATTERN.test(patientId))
      throw new FhirError('FHIR_BAD_PARAMETER', 'patient is not a patient id');
    const codeParams = all(q, 'code');
    const tokens = codeParams.length === 0 ? null : codeParams.map((c) => ok(parseTokens(c)));
    // Repeated `code` parameters are ANDed; a single Observation code rarely matches two different lists.
    const tokenSets = tokens ?? [];
    const dates = all(q, 'date');
    const range = ok(parseDateParams(dates));
    const count = ok(parseCount(one(q, '_count'), OBSERVATION_PAGE_DEFAULT, OBSERVATION_PAGE_MAX));
    const cursor = this.cursorOf(one(q, '_getpages'), patientId);
    await this.access.require(
      principal,
      patientId,
      { action: AUDIT_ACTIONS.fhirSearch, resource: `fhir/Observation?patient=${patientId}` },
      meta,
    );
    const metricSets = tokenSets.map((t) => new Set(metricsForTokens(t)));
    const metrics =
      tokens === null ? null : [...(metricSets[0] ?? [])].filter((m) => metricSets.every((s) => s.has(m)));
    const params: [string, string][] = [['patient', patientId]];
    for (const c of codeParams) params.push(['code', c]);
    for (const d of dates) params.push(['date', d]);
    params.push(['_count', String(count)]);
    const window = this.window(range.fromMs, range.toMs);
    const page = await this.page(
      {
        patientId,
        ...window,
        metrics,
        count,
        includeDeviceStatus: false,
        cursor,
      },
      tokenSets,
    );
    const self = searchUrl(
      base,
      'Observation',
      cursor ? [...params, ['_getpages', one(q, '_getpages') ?? '']] : params,
    );
    return searchsetBundle(
      page.observations.map((resource) => ({ resource, mode: 'match' as const })),
      {
        base,
        self,
        next:
          page.next === null ? null : searchUrl(base, 'Observation', [...params, ['_getpages', page.next]]),
        timestamp: this.clock.now().toISOString(),
      },
    );
  }

  /** `GET Observation/:id`: the id names patient, time and reading (see @openward/fhir observationId). */
  async read(principal: Principal, id: string, meta: RequestMeta): Promise<Observation> {
    const key = parseObservationId(id);
    if (!key || !PATIENT_ID_PATTERN.test(key.patientId))
      throw new FhirError('FHIR_NOT_FOUND', `Observation/${id}`);
    await this.access.require(
      principal,
      key.patientId,
      { action: AUDIT_ACTIONS.fhirRead, resource: `fhir/Observation/${id}` },
      meta,
    );
    const res = await this.history.readings({
      patientId: key.patientId,
      fromMs: key.measuredAtMs,
      toMs: key.measuredAtMs + 1,
      limit: INGEST_PAGE_POINTS,
    });
    const found = groupByReading(res.points)
      .flatMap((g) => readingObservations(key.patientId, g))
      .find((o) => o.id === id);
    if (!found) throw new FhirError('FHIR_NOT_FOUND', `Observation/${id}`);
    return found;
  }

  /** The search window: `[from, to)` clamped to the epoch, open end = now + a day. */
  window(fromMs: number | null, toMs: number | null): { fromMs: number; toMs: number } {
    const from = Math.max(0, fromMs ?? 0);
    const to = toMs ?? this.clock.now().getTime() + OPEN_END_MS;
    return { fromMs: from, toMs: Math.max(from, to) };
  }

  /** Decodes `_getpages` for this patient (400 FHIR_BAD_CURSOR otherwise). */
  cursorOf(raw: string | undefined, patientId: string): ObservationCursor | null {
    if (raw === undefined) return null;
    const c = decodeObservationCursor(raw);
    if (!c || c.patientId !== patientId) throw new FhirError('FHIR_BAD_CURSOR');
    return c;
  }

  /**
   * One page of Observations. With a cursor, the window and streams come from it (and must match the
   * request's metrics); `tokenSets` (ANDed lists of ORed tokens) filter each Observation's code exactly.
   */
  async page(
    r: ObservationPageRequest,
    tokenSets: readonly (readonly Token[])[] = [],
  ): Promise<{ observations: Observation[]; next: string | null }> {
    const c = r.cursor;
    if (c && JSON.stringify(c.metrics) !== JSON.stringify(r.metrics)) throw new FhirError('FHIR_BAD_CURSOR');
    if (r.metrics !== null && r.metrics.length === 0) return { observations: [], next: null };
    const fromMs = c?.fromMs ?? r.fromMs;
    const toMs = c?.toMs ?? r.toMs;
    if (fromMs >= toMs) return { observations: [], next: null };
    const fetchPage: FetchPage = (metric, after, limit) =>
      this.history.readings({
        patientId: r.patientId,
        fromMs,
        toMs,
        limit,
        ...(metric ? { metric } : {}),
        ...(after !== null ? { after } : {}),
      });
    const lanes: (Metric | undefined)[] = r.metrics === null ? [undefined] : [...r.metrics];
    const streams = lanes.map(
      (m, i) =>
        new PointStream(fetchPage, m, c?.positions[i] ?? { after: null, skip: 0 }, INGEST_PAGE_POINTS),
    );
    const map = (points: ExportPoint[]): Observation[] =>
      readingObservations(r.patientId, points).filter(
        (o) =>
          (r.includeDeviceStatus || isPatientObservation(o)) &&
          tokenSets.every((t) => codeMatches(o.code, t)),
      );
    const page = await collectPage(streams, { count: r.count, maxScan: MAX_SCAN_POINTS, map });
    const next =
      page.next === null
        ? null
        : encodeObservationCursor({
            patientId: r.patientId,
            fromMs,
            toMs,
            metrics: r.metrics,
            positions: page.next,
          });
    return { observations: page.items, next };
  }
}
