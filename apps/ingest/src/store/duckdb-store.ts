import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BIGINT,
  BLOB,
  DOUBLE,
  DuckDBInstance,
  INTEGER,
  LIST,
  VARCHAR,
  blobValue,
  listValue,
  type DuckDBConnection,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { LatestVital, Metric, RejectCode } from '@openward/contracts';
import {
  StoreClosedError,
  type DeadLetter,
  type StoredDeadLetter,
  type VitalPoint,
  type VitalsStore,
  type WriteResult,
} from './vitals-store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS vitals (
  reading_id VARCHAR NOT NULL,
  idx INTEGER NOT NULL,
  metric VARCHAR NOT NULL,
  patient_id VARCHAR,
  gateway_id VARCHAR NOT NULL,
  device_address VARCHAR NOT NULL,
  characteristic VARCHAR NOT NULL,
  measured_at TIMESTAMP NOT NULL,
  received_at TIMESTAMP NOT NULL,
  stored_at TIMESTAMP NOT NULL,
  value DOUBLE NOT NULL,
  unit VARCHAR NOT NULL,
  PRIMARY KEY (reading_id, idx)
);
CREATE SEQUENCE IF NOT EXISTS dead_letter_id;
CREATE TABLE IF NOT EXISTS dead_letters (
  id BIGINT PRIMARY KEY DEFAULT nextval('dead_letter_id'),
  received_at TIMESTAMP NOT NULL,
  client_id VARCHAR NOT NULL,
  topic VARCHAR NOT NULL,
  code VARCHAR NOT NULL,
  message VARCHAR NOT NULL,
  payload BLOB NOT NULL
);`;

// One statement = one transaction = one WAL fsync (DESIGN.md §7). Columns travel as 11 lists, so the
// statement text and its plan do not depend on the batch size; ON CONFLICT makes redelivery a no-op (§4).
const INSERT_POINTS = `
INSERT INTO vitals
SELECT reading_id, idx, metric, patient_id, gateway_id, device_address, characteristic,
       epoch_ms(measured_ms), epoch_ms(received_ms), epoch_ms(stored_ms), value, unit
FROM (SELECT unnest($1) AS reading_id, unnest($2) AS idx, unnest($3) AS metric, unnest($4) AS patient_id,
             unnest($5) AS gateway_id, unnest($6) AS device_address, unnest($7) AS characteristic,
             unnest($8) AS measured_ms, unnest($9) AS received_ms, unnest($10) AS stored_ms,
             unnest($11) AS value, unnest($12) AS unit)
ON CONFLICT DO NOTHING
RETURNING reading_id`;

const POINT_TYPES = [
  LIST(VARCHAR),
  LIST(INTEGER),
  LIST(VARCHAR),
  LIST(VARCHAR),
  LIST(VARCHAR),
  LIST(VARCHAR),
  LIST(VARCHAR),
  LIST(BIGINT),
  LIST(BIGINT),
  LIST(BIGINT),
  LIST(DOUBLE),
  LIST(VARCHAR),
];

const POINT_COLUMNS = `reading_id, idx, metric, patient_id, gateway_id, device_address, characteristic,
  epoch_ms(measured_at) AS measured_ms, epoch_ms(received_at) AS received_ms,
  epoch_ms(stored_at) AS stored_ms, value, unit`;

/** Name of the DuckDB file inside INGEST_DATA_DIR. */
export const DUCKDB_FILE = 'ingest.duckdb';

/**
 * DuckDB adapter of {@link VitalsStore}: one file under the data dir, a writer connection and a reader
 * connection (so reads never run inside a write statement's transaction).
 */
export class DuckDbVitalsStore implements VitalsStore {
  private open = true;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    private readonly reader: DuckDBConnection,
  ) {}

  /** Opens (creating if needed) `<dataDir>/ingest.duckdb`; replays the WAL after a crash. */
  static async open(dataDir: string): Promise<DuckDbVitalsStore> {
    await mkdir(dataDir, { recursive: true });
    const instance = await DuckDBInstance.create(join(dataDir, DUCKDB_FILE));
    const writer = await instance.connect();
    await writer.run(SCHEMA);
    const reader = await instance.connect();
    return new DuckDbVitalsStore(instance, writer, reader);
  }

  async writeBatch(points: readonly VitalPoint[]): Promise<WriteResult> {
    this.assertOpen();
    if (points.length === 0) return { inserted: 0, duplicates: 0 };
    const col = <T extends DuckDBValue>(f: (p: VitalPoint) => T) => listValue(points.map(f));
    const result = await this.writer.run(
      INSERT_POINTS,
      [
        col((p) => p.readingId),
        col((p) => p.idx),
        col((p) => p.metric),
        col((p) => p.patientId),
        col((p) => p.gatewayId),
        col((p) => p.deviceAddress),
        col((p) => p.characteristic),
        col((p) => BigInt(Math.round(p.measuredAtMs))),
        col((p) => BigInt(Math.round(p.receivedAtMs))),
        col((p) => BigInt(Math.round(p.storedAtMs))),
        col((p) => p.value),
        col((p) => p.unit),
      ],
      POINT_TYPES,
    );
    const inserted = result.rowCount;
    return { inserted, duplicates: points.length - inserted };
  }

  async writeDeadLetters(letters: readonly DeadLetter[]): Promise<void> {
    this.assertOpen();
    if (letters.length === 0) return;
    const sql = `INSERT INTO dead_letters (received_at, client_id, topic, code, message, payload)
      SELECT epoch_ms(unnest($1)), unnest($2), unnest($3), unnest($4), unnest($5), unnest($6)`;
    await this.writer.run(
      sql,
      [
        listValue(letters.map((l) => BigInt(Math.round(l.receivedAtMs)))),
        listValue(letters.map((l) => l.clientId)),
        listValue(letters.map((l) => l.topic)),
        listValue(letters.map((l) => l.code)),
        listValue(letters.map((l) => l.message)),
        listValue(letters.map((l) => blobValue(l.payload))),
      ],
      [LIST(BIGINT), LIST(VARCHAR), LIST(VARCHAR), LIST(VARCHAR), LIST(VARCHAR), LIST(BLOB)],
    );
  }

  async latest(patientId: string): Promise<LatestVital[]> {
    this.assertOpen();
    const reader = await this.reader.runAndReadAll(
      `SELECT ${POINT_COLUMNS} FROM (
         SELECT *, row_number() OVER (PARTITION BY metric ORDER BY measured_at DESC, reading_id DESC, idx DESC) AS rn
         FROM vitals WHERE patient_id = $1) WHERE rn = 1 ORDER BY metric`,
      [patientId],
    );
    return reader.getRowObjectsJS().map((r) => {
      const p = toPoint(r);
      return {
        metric: p.metric,
        value: p.value,
        unit: p.unit,
        measuredAt: new Date(p.measuredAtMs).toISOString(),
        storedAt: new Date(p.storedAtMs).toISOString(),
        readingId: p.readingId,
        deviceAddress: p.deviceAddress,
      };
    });
  }

  async deadLetters(limit: number): Promise<StoredDeadLetter[]> {
    this.assertOpen();
    const reader = await this.reader.runAndReadAll(
      `SELECT id, epoch_ms(received_at) AS received_ms, client_id, topic, code, message, payload
       FROM dead_letters ORDER BY id DESC LIMIT $1`,
      [limit],
    );
    return reader.getRowObjectsJS().map((r) => ({
      id: Number(r['id']),
      receivedAtMs: Number(r['received_ms']),
      clientId: String(r['client_id']),
      topic: String(r['topic']),
      code: String(r['code']) as RejectCode,
      message: String(r['message']),
      payload: new Uint8Array(r['payload'] as Uint8Array),
    }));
  }

  async pointsOf(readingId: string): Promise<VitalPoint[]> {
    this.assertOpen();
    const reader = await this.reader.runAndReadAll(
      `SELECT ${POINT_COLUMNS} FROM vitals WHERE reading_id = $1 ORDER BY idx`,
      [readingId],
    );
    return reader.getRowObjectsJS().map(toPoint);
  }

  isOpen(): boolean {
    return this.open;
  }

  /** Closes connections and the instance (DuckDB checkpoints the WAL into the file on close). */
  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    this.reader.closeSync();
    this.writer.closeSync();
    this.instance.closeSync();
  }

  private assertOpen(): void {
    if (!this.open) throw new StoreClosedError();
  }
}

function toPoint(r: Record<string, unknown>): VitalPoint {
  return {
    readingId: String(r['reading_id']),
    idx: Number(r['idx']),
    metric: String(r['metric']) as Metric,
    patientId: r['patient_id'] === null ? null : String(r['patient_id']),
    gatewayId: String(r['gateway_id']),
    deviceAddress: String(r['device_address']),
    characteristic: String(r['characteristic']),
    measuredAtMs: Number(r['measured_ms']),
    receivedAtMs: Number(r['received_ms']),
    storedAtMs: Number(r['stored_ms']),
    value: Number(r['value']),
    unit: String(r['unit']),
  };
}
