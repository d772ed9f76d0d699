import { readingSchema } from '@openward/contracts';
import type { Logger } from 'pino';
import type { DeviceNotification } from '../ble/device-supervisor.js';
import type { JournalEntry, JournalPort } from '../journal/journal-port.js';
import type { GatewayMetrics } from '../metrics.js';
import { buildHeartRateReading, uniqueReceivedAt, type HeartRateDecoded } from './build-reading.js';

/** What a codec returns: the shape of `@openward/ble-codecs` decode results (STYLE.md "Codecs"). */
export type DecodeResult<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

export interface PipelineOptions {
  gatewayId: string;
  journal: JournalPort;
  decodeHeartRate: (bytes: Uint8Array) => DecodeResult<HeartRateDecoded>;
  /** Called after each durable append (the publisher pumps). */
  onJournaled: (entry: JournalEntry) => void;
  metrics: GatewayMetrics;
  logger: Logger;
}

/**
 * Notification → decode → `ReadingV1` → durable journal append (DESIGN.md §3). Keeps, per device, the
 * notification sequence counter (resuming from the journal's high-water mark, so it never goes
 * backwards across restarts) and the last receive time (so reading ids are unique per device).
 */
export class NotificationPipeline {
  private readonly sequences = new Map<string, number>();
  private readonly lastReceivedAt = new Map<string, number>();
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly opts: PipelineOptions) {}

  /** Handles one notification; the append runs in the background (see {@link drain}). */
  handle(n: DeviceNotification): void {
    const characteristic = n.characteristic.toUpperCase();
    this.opts.metrics.notificationsReceived.inc({ characteristic });
    if (characteristic !== '2A37') return; // only the heart-rate measurement is subscribed today
    const decoded = this.opts.decodeHeartRate(n.bytes);
    if (!decoded.ok) {
      // Not published; issue 4 dead-letters these. Bytes are device data, not PHI beyond the address.
      this.opts.metrics.decodeErrors.inc({ code: decoded.code });
      this.opts.logger.warn(
        {
          address: n.address,
          characteristic,
          code: decoded.code,
          reason: decoded.message,
          raw: hex(n.bytes),
        },
        'undecodable notification',
      );
      return;
    }
    const key = `${n.address}|${characteristic}`;
    const sequence =
      (this.sequences.get(key) ?? this.opts.journal.lastSequence(n.address, characteristic)) + 1;
    this.sequences.set(key, sequence);
    const receivedAtMs = uniqueReceivedAt(this.lastReceivedAt.get(n.address), n.receivedAt);
    this.lastReceivedAt.set(n.address, receivedAtMs);
    const reading = buildHeartRateReading({
      gatewayId: this.opts.gatewayId,
      address: n.address,
      localName: n.localName,
      receivedAtMs,
      sequence,
      bytes: n.bytes,
      decoded: decoded.value,
    });
    const valid = readingSchema.safeParse(reading);
    if (!valid.success) {
      this.opts.metrics.decodeErrors.inc({ code: 'SCHEMA' });
      this.opts.logger.warn(
        { address: n.address, reason: valid.error.issues[0]?.message ?? 'invalid' },
        'reading does not match openward.reading/1; not journaled',
      );
      return;
    }
    const p = this.opts.journal.append(reading).then(
      (entry) => {
        this.opts.metrics.readingsJournaled.inc();
        this.opts.onJournaled(entry);
      },
      (e: unknown) => {
        this.opts.metrics.journalErrors.inc({ op: 'append' });
        this.opts.logger.error(
          { address: n.address, id: reading.id, err: String(e) },
          'journal append failed',
        );
      },
    );
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  /** Resolves when every append started so far has settled (graceful shutdown). */
  async drain(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }
}

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}
