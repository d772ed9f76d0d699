import { describe, expect, it } from '@jest/globals';
import { responseCode, responseToUndecodable, select, serveRacp, type GlucoseRecord } from './racp-server.js';

const record = (sequenceNumber: number): GlucoseRecord => ({
  sequenceNumber,
  baseTime: { year: 2026, month: 11, day: 2, hours: 8, minutes: sequenceNumber % 60, seconds: 0 },
  timeOffsetMinutes: 0,
  mmolL: 5.5,
  status: { deviceBatteryLow: false, timeFault: false },
  measuredAtMs: 0,
});
// Stored out of order on purpose: the server answers in sequence order.
const STORE = [record(3), record(1), record(2), record(5), record(4)];
const seqs = (rs: readonly GlucoseRecord[]): number[] => rs.map((r) => r.sequenceNumber);

describe('RACP server', () => {
  it('reports all records in sequence order, then success', () => {
    const out = serveRacp(STORE, { opCode: 'report-stored-records', operator: 'all-records' });
    expect(out.kind).toBe('records');
    expect(out.kind === 'records' && seqs(out.records)).toEqual([1, 2, 3, 4, 5]);
    expect(out.response).toEqual(responseCode('report-stored-records', 'success'));
  });

  it('reports exactly the records with sequence ≥ N', () => {
    const out = serveRacp(STORE, {
      opCode: 'report-stored-records',
      operator: 'greater-than-or-equal-to',
      filter: { filterType: 'sequence-number', value: 4 },
    });
    expect(out.kind === 'records' && seqs(out.records)).toEqual([4, 5]);
  });

  it('answers "no records found" when nothing matches', () => {
    const out = serveRacp(STORE, {
      opCode: 'report-stored-records',
      operator: 'greater-than-or-equal-to',
      filter: { filterType: 'sequence-number', value: 6 },
    });
    expect(out).toEqual({
      kind: 'respond',
      response: responseCode('report-stored-records', 'no-records-found'),
    });
    expect(serveRacp([], { opCode: 'report-stored-records', operator: 'all-records' }).response).toEqual(
      responseCode('report-stored-records', 'no-records-found'),
    );
  });

  it('counts records with the number-of-stored-records response', () => {
    expect(serveRacp(STORE, { opCode: 'report-number-of-stored-records', operator: 'all-records' })).toEqual({
      kind: 'respond',
      response: { opCode: 'number-of-stored-records-response', operator: 'null', numberOfRecords: 5 },
    });
    expect(
      serveRacp(STORE, {
        opCode: 'report-number-of-stored-records',
        operator: 'greater-than-or-equal-to',
        filter: { filterType: 'sequence-number', value: 3 },
      }).response,
    ).toMatchObject({ numberOfRecords: 3 });
  });

  it('supports ≤, within range, first and last', () => {
    const pick = (sel: Parameters<typeof select>[1]): number[] => {
      const r = select(STORE, sel);
      return r.ok ? seqs(r.records) : [];
    };
    expect(
      pick({ operator: 'less-than-or-equal-to', filter: { filterType: 'sequence-number', value: 2 } }),
    ).toEqual([1, 2]);
    expect(
      pick({
        operator: 'within-range-of',
        filter: { filterType: 'sequence-number', minimum: 2, maximum: 4 },
      }),
    ).toEqual([2, 3, 4]);
    expect(pick({ operator: 'first-record' })).toEqual([1]);
    expect(pick({ operator: 'last-record' })).toEqual([5]);
  });

  it('refuses an inverted range and user-facing-time filters with their response codes', () => {
    expect(
      serveRacp(STORE, {
        opCode: 'report-stored-records',
        operator: 'within-range-of',
        filter: { filterType: 'sequence-number', minimum: 4, maximum: 2 },
      }).response,
    ).toEqual(responseCode('report-stored-records', 'invalid-operand'));
    const t = { year: 2026, month: 1, day: 1, hours: 0, minutes: 0, seconds: 0 };
    expect(
      serveRacp(STORE, {
        opCode: 'report-stored-records',
        operator: 'greater-than-or-equal-to',
        filter: { filterType: 'user-facing-time', value: t },
      }).response,
    ).toEqual(responseCode('report-stored-records', 'operand-not-supported'));
  });

  it('acknowledges abort with success', () => {
    expect(serveRacp(STORE, { opCode: 'abort-operation', operator: 'null' })).toEqual({
      kind: 'abort',
      response: responseCode('abort-operation', 'success'),
    });
  });

  it('deletes the selected records and keeps the rest', () => {
    const out = serveRacp(STORE, {
      opCode: 'delete-stored-records',
      operator: 'less-than-or-equal-to',
      filter: { filterType: 'sequence-number', value: 2 },
    });
    expect(out.kind === 'deleted' && seqs(out.remaining).sort()).toEqual([3, 4, 5]);
    expect(out.response).toEqual(responseCode('delete-stored-records', 'success'));
  });

  it('answers bytes the decoder rejected with the GLS response code', () => {
    expect(responseToUndecodable(Uint8Array.of(0x01, 0x00))).toEqual(
      responseCode('report-stored-records', 'invalid-operator'),
    );
    expect(responseToUndecodable(Uint8Array.of(0x01, 0x03, 0x09))).toEqual(
      responseCode('report-stored-records', 'invalid-operand'),
    );
    expect(responseToUndecodable(Uint8Array.of(0x09))).toEqual(responseCode(9, 'op-code-not-supported'));
    expect(responseToUndecodable(new Uint8Array())).toEqual(responseCode(0, 'op-code-not-supported'));
  });
});
