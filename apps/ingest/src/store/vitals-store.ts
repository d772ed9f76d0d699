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
