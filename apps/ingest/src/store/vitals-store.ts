import type { LatestVital, Metric, RejectCode } from '@openward/contracts';

/** A measurement row before it is stored (DESIGN.md §4). */
export interface NewPoint {
  readingId: string;
  /** Position in the reading's `measurements[]`; with `readingId` the primary key. */
  idx: number;
  metric: Metric;
  patientId: string | null;
  gatewayId: string;
  deviceAddress: string;
  characteristic: string;
  measuredAtMs: number;
  receivedAtMs: number;
  value: number;
  unit: string;
}

/** A measurement row as written: the batch's store time added. */
export interface VitalPoint extends NewPoint {
  storedAtMs: number;
}

/** A refused message, kept with its raw bytes (DESIGN.md §6). */
export interface DeadLetter {
  receivedAtMs: number;
  clientId: string;
  topic: string;
  code: RejectCode;
  message: string;
  payload: Uint8Array;
}

export interface StoredDeadLetter extends DeadLetter {
  id: number;
}

export interface WriteResult {
  /** Rows inserted. */
  inserted: number;
  /** Rows skipped because their (readingId, idx) was already stored (or repeated within the batch). */
  duplicates: number;
}

/** A chart query: buckets of `bucketMs` aligned to the epoch (DESIGN.md §12). */
export interface SeriesQuery {
  patientId: string;
  metric: Metric;
  fromMs: number;
  toMs: number;
  bucketMs: number;
}
/** One non-empty bucket; `mean` = sum / count of the points in it. */
export interface SeriesBucket {
  startMs: number;
  min: number;
  max: number;
  mean: number;
  count: number;
}
/** The finest data a series answer was computed from (rollups never miss raw points, §12.3). */
export type SeriesSource = 'raw' | '1m' | '1h';
/** `unit`: the points' unit, or the metric's canonical unit when units were mixed (§12.4); null when empty. */
export interface SeriesResult {
  source: SeriesSource;
  unit: string | null;
  buckets: SeriesBucket[];
}
/** Raw export of one patient, keyset-paged by (measuredAt, readingId, idx). `after` is an opaque cursor. */
export interface ExportQuery {
  patientId: string;
  fromMs: number;
  toMs: number;
  metric?: Metric;
  after?: string;
  limit: number;
}
export interface ExportPage {
  points: VitalPoint[];
  /** Cursor of the next page; null on the last one. */
  next: string | null;
}
/** Distinct readings per patient per local day (`utcOffsetMinutes` east of UTC), points in [fromMs, toMs). */
export interface DaysQuery {
  patientIds: readonly string[];
  fromMs: number;
  toMs: number;
  utcOffsetMinutes: number;
}
export interface DayCount {
  patientId: string;
  /** Local date, YYYY-MM-DD. */
  date: string;
  readings: number;
}
/** Days to keep each tier; 0 = forever (§12.5). */
export interface RetentionPolicy {
  rawDays: number;
  minuteDays: number;
  hourDays: number;
}
export interface MaintenanceResult {
  /** 1-minute and 1-hour rollup buckets written (created or updated). */
  rolledBuckets: number;
  deletedRaw: number;
  deleted1m: number;
  deleted1h: number;
}

/** Thrown by a store for a query it cannot answer (a caller bug: the HTTP edge validates first). */
export class InvalidQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidQueryError';
  }
}

/**
 * Time-series store port. Every adapter (DuckDB now, InfluxDB later, in-memory for unit tests) must pass
 * `test/store-contract.ts`. A resolved write is durable (DESIGN.md §3, §7).
 */
export interface VitalsStore {
  /** Inserts points; idempotent by (readingId, idx). Resolves only once the points are durable. */
  writeBatch(points: readonly VitalPoint[]): Promise<WriteResult>;
  /** Appends dead letters durably. */
  writeDeadLetters(letters: readonly DeadLetter[]): Promise<void>;
  /** Latest stored value per metric for a patient, ordered by metric name. */
  latest(patientId: string): Promise<LatestVital[]>;
  /** Newest dead letters first. */
  deadLetters(limit: number): Promise<StoredDeadLetter[]>;
  /** Stored points of one reading, by idx (audit and tests). */
  pointsOf(readingId: string): Promise<VitalPoint[]>;
  /** Chart buckets from the coarsest source that divides `bucketMs` (§12); equal before and after maintain. */
  series(q: SeriesQuery): Promise<SeriesResult>;
  /** Raw points ordered by (measuredAt, readingId, idx), `limit` per page (§12.6). */
  exportPoints(q: ExportQuery): Promise<ExportPage>;
  /** Readings (distinct reading ids) per patient and local day, ordered by patient id then date (§12.7). */
  daysWithData(q: DaysQuery): Promise<DayCount[]>;
  /** `latest` for up to 1000 patients in one round trip; every requested id is a key (§12.8). */
  latestMany(patientIds: readonly string[]): Promise<Map<string, LatestVital[]>>;
  /**
   * Rolls up what was written since the last run (late data included), then applies retention (§12.2, §12.5).
   * `nowMs` is the current time on the clock that stamps `storedAtMs`.
   */
  maintain(nowMs: number, policy: RetentionPolicy): Promise<MaintenanceResult>;
  /** True while the store accepts writes. */
  isOpen(): boolean;
  close(): Promise<void>;
}

/** Raised by adapters for a store that is closed or was never opened (DESIGN.md §7.1). */
export class StoreClosedError extends Error {
  constructor() {
    super('store is closed');
    this.name = 'StoreClosedError';
  }
}

/** How a failed write is handled (DESIGN.md §7.1). */
export type StoreErrorKind = 'transient' | 'permanent';

/**
 * An adapter error that carries its own classification (e.g. the InfluxDB adapter: HTTP 4xx on a write is
 * permanent, no answer or 5xx is transient; DESIGN.md §10.4). Either kind refuses the publish (no PUBACK).
 */
export class ClassifiedStoreError extends Error {
  readonly status: number | undefined;
  constructor(
    readonly kind: StoreErrorKind,
    message: string,
    options: { cause?: unknown; status?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'ClassifiedStoreError';
    this.status = options.status;
  }
}

export function classifyStoreError(err: unknown, store: Pick<VitalsStore, 'isOpen'>): StoreErrorKind {
  if (err instanceof StoreClosedError || !store.isOpen()) return 'permanent';
  return err instanceof ClassifiedStoreError ? err.kind : 'transient';
}
