import { decodeCharacteristic, encodeCharacteristic } from '@openward/ble-codecs';
import type { Logger } from 'pino';
import { RacpTransfer, type RacpState } from '../devices/racp.js';
import type { SequenceStore } from '../devices/sequence-store.js';
import type { GatewayMetrics } from '../metrics.js';
import type { DeviceNotification } from '../readings/pipeline.js';

/**
 * Drives one connection's RACP catch-up ({@link RacpTransfer}) for a glucose meter: writes the request,
 * gates incoming records (exactly once), persists the acknowledged sequence as soon as the records up to
 * it are journaled, and settles on the RACP indication or the disconnect.
 */
export class GlucoseCatchUp {
  private readonly transfer: RacpTransfer;
  private readonly accepted = new Set<number>();
  private readonly outcomes = new Set<Promise<void>>();
  private finish: ((state: RacpState) => void) | null = null;
  /** Resolves with the transfer's end state (done, failed, aborted). */
  readonly finished: Promise<RacpState>;

  constructor(
    private readonly address: string,
    private readonly store: SequenceStore,
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
  ) {
    this.transfer = new RacpTransfer(store.get(address));
    this.finished = new Promise((r) => (this.finish = r));
  }

  /** Writes "report stored records" (all, or ≥ last + 1) to the RACP characteristic. */
  async begin(write: (bytes: Uint8Array) => Promise<void>): Promise<void> {
    const request = this.transfer.start();
    const bytes = encodeCharacteristic('2A52', request);
    if (!bytes.ok) throw new Error(`RACP request not encodable: ${bytes.code} ${bytes.message}`);
    this.logger.info({ address: this.address, request }, 'glucose catch-up requested');
    await write(bytes.value);
  }

  /**
   * Gate for a 0x2A18 record (by its sequence number): true = new, journal it and report the outcome
   * with {@link journaled}; false = already acknowledged or repeated (dropped, counted).
   */
  admit(sequence: number): boolean {
    const ok = this.transfer.record(sequence);
    this.metrics.glucoseRecords.inc({ outcome: ok ? 'new' : 'duplicate' });
    if (ok) this.accepted.add(sequence);
    return ok;
  }

  /**
   * Forwards a measurement value of the meter to `handle` (the pipeline): glucose records only when
   * admitted (and their journal outcome reported back), contexts only for admitted records.
   */
  route(n: DeviceNotification, handle: (n: DeviceNotification) => Promise<boolean>): void {
    const uuid = n.characteristic.toLowerCase();
    const seq = uuid === '2a18' || uuid === '2a34' ? glucoseSequenceOf(uuid, n.bytes) : null;
    if (seq === null) {
      void handle(n); // other characteristic, or undecodable: the pipeline counts it
    } else if (uuid === '2a34') {
      if (this.admitsContext(seq)) void handle(n);
    } else if (this.admit(seq)) {
      void handle(n).then((ok) => this.journaled(seq, ok));
    }
  }

  /** A 0x2A34 context belongs to a record admitted on this connection. */
  admitsContext(sequence: number): boolean {
    return this.accepted.has(sequence);
  }

  /** The journal outcome of an admitted record: persists the new acknowledged sequence when it moved. */
  journaled(sequence: number, ok: boolean): void {
    this.transfer.journaled(sequence, ok);
    const committable = this.transfer.committable;
    if (committable === null || committable === this.store.get(this.address)) return;
    this.transfer.commit();
    const p = this.store.set(this.address, committable).catch((e: unknown) => {
      this.logger.error({ address: this.address, err: String(e) }, 'could not persist glucose sequence');
    });
    this.outcomes.add(p);
    void p.finally(() => this.outcomes.delete(p));
  }

  /** A RACP indication: the response code ends the transfer. */
  onRacpIndication(bytes: Uint8Array): void {
    const r = decodeCharacteristic('2A52', bytes);
    if (!r.ok) {
      this.logger.warn({ address: this.address, code: r.code }, 'undecodable RACP indication');
      return;
    }
    if (r.value.opCode !== 'response-code') return;
    const state = this.transfer.respond(r.value.responseCode);
    this.logger.info(
      { address: this.address, responseCode: r.value.responseCode, records: this.transfer.accepted, state },
      'glucose catch-up response',
    );
    this.end(state);
  }

  /** The link dropped: abort an unfinished transfer; what was journaled stays acknowledged. */
  disconnect(): void {
    this.transfer.disconnect();
    this.end(this.transfer.state);
  }

  /** Resolves once every pending sequence write has reached the disk. */
  async settled(): Promise<void> {
    await Promise.all([...this.outcomes]);
  }

  private end(state: RacpState): void {
    if (!this.finish) return;
    this.metrics.racpTransfers.inc({ outcome: state });
    this.finish(state);
    this.finish = null;
  }
}

/** The sequence number of a 0x2A18 record or 0x2A34 context, or null when the bytes do not decode. */
export function glucoseSequenceOf(uuid16: string, bytes: Uint8Array): number | null {
  const r = decodeCharacteristic(uuid16, bytes);
  if (!r.ok) return null;
  const seq = (r.value as { sequenceNumber?: unknown }).sequenceNumber;
  return typeof seq === 'number' ? seq : null;
}
