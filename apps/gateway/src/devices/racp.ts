/**
 * Glucose catch-up over the Record Access Control Point (0x2A52, Glucose Service 1.0.1 §3.2 "RACP"):
 * a pure state machine, one instance per connection. The driver writes the request it returns, feeds it
 * every stored record (0x2A18 sequence numbers), the RACP indication and the journal outcome of each
 * record, and persists {@link RacpTransfer.committable} as the meter's last acknowledged sequence.
 *
 * Exactly once: records at or below the persisted sequence, or repeated within a transfer, are dropped
 * here; the persisted sequence only advances past records whose journal append resolved (durable), so a
 * disconnect or crash anywhere re-requests exactly the records not yet safe.
 */

/**
 * What to ask the meter for: RACP "report stored records", all records or those with a sequence number
 * greater than or equal to a value (filter type 0x01 "sequence number"). The shape is the codec's
 * (libs/ble-codecs `RacpRequest`), so the driver encodes it with `encodeCharacteristic('2A52', …)`.
 */
export type RacpReportRequest =
  | { opCode: 'report-stored-records'; operator: 'all-records' }
  | {
      opCode: 'report-stored-records';
      operator: 'greater-than-or-equal-to';
      filter: { filterType: 'sequence-number'; value: number };
    };

/** Response codes that end a report successfully (GLS §3.2.3): records sent, or none to send. */
export const RACP_DONE_CODES: ReadonlySet<string | number> = new Set(['success', 'no-records-found']);

export type RacpState = 'idle' | 'requested' | 'done' | 'failed' | 'aborted';

/** Largest glucose sequence number (uint16, 0x2A18). */
export const MAX_GLUCOSE_SEQUENCE = 0xffff;

export class RacpTransfer {
  private stateValue: RacpState = 'idle';
  private highestSeen: number;
  /** Accepted records whose journal append has not resolved yet. */
  private readonly outstanding = new Set<number>();
  private readonly failed = new Set<number>();
  private committed: number | null;
  private appendedMax: number | null = null;
  private recordsAccepted = 0;
  private responseCode: string | number | null = null;

  /** @param lastAcked the meter's persisted last sequence, null on first contact. */
  constructor(lastAcked: number | null) {
    this.committed = lastAcked;
    this.highestSeen = lastAcked ?? -1;
  }

  get state(): RacpState {
    return this.stateValue;
  }

  get accepted(): number {
    return this.recordsAccepted;
  }

  /** The RACP response code of the finished transfer, when one arrived. */
  get response(): string | number | null {
    return this.responseCode;
  }

  /** First contact: all records; then records ≥ last + 1. */
  start(): RacpReportRequest {
    this.stateValue = 'requested';
    if (this.committed === null) return { opCode: 'report-stored-records', operator: 'all-records' };
    return {
      opCode: 'report-stored-records',
      operator: 'greater-than-or-equal-to',
      filter: { filterType: 'sequence-number', value: Math.min(this.committed + 1, MAX_GLUCOSE_SEQUENCE) },
    };
  }

  /**
   * A 0x2A18 record arrived (during the transfer, or live between transfers). Returns true if it is new
   * and must be journaled; false for a record already acknowledged or repeated (meter fault).
   */
  record(sequence: number): boolean {
    if (sequence <= this.highestSeen) return false;
    this.highestSeen = sequence;
    this.outstanding.add(sequence);
    this.recordsAccepted++;
    return true;
  }

  /** The journal outcome of an accepted record. */
  journaled(sequence: number, ok: boolean): void {
    if (!this.outstanding.delete(sequence)) return;
    if (ok) this.appendedMax = Math.max(this.appendedMax ?? -1, sequence);
    else this.failed.add(sequence);
  }

  /** The RACP indication (op code 0x06) answering our request. */
  respond(responseCode: string | number): RacpState {
    if (this.stateValue !== 'requested') return this.stateValue;
    this.responseCode = responseCode;
    this.stateValue = RACP_DONE_CODES.has(responseCode) ? 'done' : 'failed';
    return this.stateValue;
  }

  /** The link dropped: the transfer is over; what was journaled stays committable. */
  disconnect(): void {
    if (this.stateValue === 'requested' || this.stateValue === 'idle') this.stateValue = 'aborted';
  }

  /** True while accepted records still await their journal outcome. */
  get settling(): boolean {
    return this.outstanding.size > 0;
  }

  /**
   * The sequence that may be persisted as acknowledged: the highest journaled record below which
   * nothing is outstanding or failed (so a failed append is re-requested next time), else the previous
   * value. Never goes backwards.
   */
  get committable(): number | null {
    let limit = this.appendedMax;
    if (limit === null) return this.committed;
    for (const s of [...this.outstanding, ...this.failed]) if (s <= limit) limit = s - 1;
    if (this.committed !== null && limit <= this.committed) return this.committed;
    return limit < 0 ? this.committed : limit;
  }

  /** Marks {@link committable} as persisted. */
  commit(): number | null {
    this.committed = this.committable;
    return this.committed;
  }
}
