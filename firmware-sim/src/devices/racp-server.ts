/**
 * The glucose meter's record store and its Record Access Control Point server logic (GLS v1.0 §3.2 and
 * the RACP characteristic 0x2A52). Pure: a request and the stored records in, the records to send and the
 * response out. The meter (glucose-meter.ts) turns that into notifications and the final indication.
 *
 * Supported: op codes report stored records (1), delete stored records (2), abort (3), report number of
 * stored records (4); operators all, ≤, ≥, within range, first, last; filter type sequence number.
 * User facing time filters answer "operand not supported" (GLS lets a server support only sequence
 * numbers).
 */
import type { RacpRecordSelection, RacpRequest, RacpResponse } from '@openward/ble-codecs';
import type { DateTimeFields } from '../clock.js';

/** Meal context of a record (0x2A34 Meal field). */
export type MealContext = 'preprandial' | 'postprandial' | 'fasting' | 'casual' | 'bedtime';

/** One stored glucose measurement. */
export interface GlucoseRecord {
  /** 0x2A18 Sequence Number, uint16, increasing by one per record. */
  sequenceNumber: number;
  /** Device clock when measured (year 0 when the clock was not set). */
  baseTime: DateTimeFields;
  /** 0x2A18 Time Offset, minutes. */
  timeOffsetMinutes: number;
  /** Concentration, mmol/L (sent as mol/L on the wire). */
  mmolL: number;
  /** Sensor status annunciation bits the meter raised at that time. */
  status: { deviceBatteryLow: boolean; timeFault: boolean };
  /** Present when a 0x2A34 context record follows. */
  context?: { meal: MealContext; carbohydrateGrams?: number };
  /** True simulated time of the measurement (epoch ms), for the control API only. */
  measuredAtMs: number;
}

export type RacpOutcome =
  | { kind: 'records'; records: GlucoseRecord[]; response: RacpResponse }
  | { kind: 'deleted'; remaining: GlucoseRecord[]; response: RacpResponse }
  | { kind: 'respond'; response: RacpResponse }
  | { kind: 'abort'; response: RacpResponse };

type RequestOpCode = RacpRequest['opCode'];

/** Builds a Response Code (op code 6) value. */
export function responseCode(
  requestOpCode: RequestOpCode | number,
  code: Extract<RacpResponse, { opCode: 'response-code' }>['responseCode'],
): RacpResponse {
  return { opCode: 'response-code', operator: 'null', requestOpCode, responseCode: code };
}

/** Records a selection applies to, in sequence order; or a response code when it cannot be served. */
export function select(
  records: readonly GlucoseRecord[],
  selection: RacpRecordSelection,
): { ok: true; records: GlucoseRecord[] } | { ok: false; code: 'operand-not-supported' | 'invalid-operand' } {
  const sorted = [...records].sort((a, b) => a.sequenceNumber - b.sequenceNumber);
  switch (selection.operator) {
    case 'all-records':
      return { ok: true, records: sorted };
    case 'first-record':
      return { ok: true, records: sorted.slice(0, 1) };
    case 'last-record':
      return { ok: true, records: sorted.slice(-1) };
    case 'greater-than-or-equal-to':
    case 'less-than-or-equal-to': {
      if (selection.filter.filterType !== 'sequence-number')
        return { ok: false, code: 'operand-not-supported' };
      const bound = selection.filter.value;
      const keep =
        selection.operator === 'greater-than-or-equal-to'
          ? (r: GlucoseRecord) => r.sequenceNumber >= bound
          : (r: GlucoseRecord) => r.sequenceNumber <= bound;
      return { ok: true, records: sorted.filter(keep) };
    }
    case 'within-range-of': {
      if (selection.filter.filterType !== 'sequence-number')
        return { ok: false, code: 'operand-not-supported' };
      const { minimum, maximum } = selection.filter;
      if (minimum > maximum) return { ok: false, code: 'invalid-operand' };
      return {
        ok: true,
        records: sorted.filter((r) => r.sequenceNumber >= minimum && r.sequenceNumber <= maximum),
      };
    }
  }
}

/** Serves one decoded RACP request against the store. */
export function serveRacp(records: readonly GlucoseRecord[], request: RacpRequest): RacpOutcome {
  if (request.opCode === 'abort-operation') {
    return { kind: 'abort', response: responseCode('abort-operation', 'success') };
  }
  const chosen = select(records, request);
  if (!chosen.ok) return { kind: 'respond', response: responseCode(request.opCode, chosen.code) };
  switch (request.opCode) {
    case 'report-number-of-stored-records':
      return {
        kind: 'respond',
        response: {
          opCode: 'number-of-stored-records-response',
          operator: 'null',
          numberOfRecords: chosen.records.length,
        },
      };
    case 'report-stored-records':
      return chosen.records.length === 0
        ? { kind: 'respond', response: responseCode(request.opCode, 'no-records-found') }
        : { kind: 'records', records: chosen.records, response: responseCode(request.opCode, 'success') };
    case 'delete-stored-records': {
      if (chosen.records.length === 0) {
        return { kind: 'respond', response: responseCode(request.opCode, 'no-records-found') };
      }
      const gone = new Set(chosen.records.map((r) => r.sequenceNumber));
      return {
        kind: 'deleted',
        remaining: records.filter((r) => !gone.has(r.sequenceNumber)),
        response: responseCode(request.opCode, 'success'),
      };
    }
  }
}

/**
 * The response to bytes the RACP decoder rejected: a known request op code with a bad operator or
 * operand, or an op code this server does not support (GLS: "Op Code not supported").
 */
export function responseToUndecodable(bytes: Uint8Array): RacpResponse {
  const op = bytes[0] ?? 0;
  if (op === 1 || op === 2 || op === 4) {
    const name =
      op === 1
        ? 'report-stored-records'
        : op === 2
          ? 'delete-stored-records'
          : 'report-number-of-stored-records';
    const operator = bytes[1];
    return responseCode(
      name,
      operator === undefined || operator === 0 || operator > 6 ? 'invalid-operator' : 'invalid-operand',
    );
  }
  if (op === 3) return responseCode('abort-operation', 'invalid-operator');
  return responseCode(op, 'op-code-not-supported');
}
