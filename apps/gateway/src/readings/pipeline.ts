import { decodeCharacteristic } from '@openward/ble-codecs';
import { readingSchema, type ReadingV1 } from '@openward/contracts';
import type { Logger } from 'pino';
import { NO_CLOCK, deviceTimeMs, resolveMeasurementTime, type ClockEstimate } from '../devices/clock.js';
import { priorityOf } from '../devices/profiles.js';
import type { JournalEntry, JournalPort } from '../journal/journal-port.js';
import type { GatewayMetrics } from '../metrics.js';
import { buildReading, uniqueReceivedAt } from './build-reading.js';
import { mapMeasurements, type MappedReading } from './map-measurements.js';

/** One characteristic value as it left the radio, stamped with the gateway clock. */
export interface DeviceNotification {
  address: string;
  localName: string | undefined;
  /** Characteristic UUID as noble reports it (lowercase, e.g. `2a37`). */
  characteristic: string;
  bytes: Uint8Array;
  /** Gateway wall clock (epoch ms) when noble delivered the value. */
  receivedAt: number;
  /** Measured just now; false for stored records sent on request (glucose RACP). Default true. */
  live?: boolean;
}

export interface PipelineOptions {
  gatewayId: string;
  journal: JournalPort;
  /** Called after each durable append (the publisher pumps). */
  onJournaled: (entry: JournalEntry) => void;
  metrics: GatewayMetrics;
  logger: Logger;
  /** How long a glucose record waits for its announced context (0x2A34) before it is journaled alone. */
  contextWaitMs?: number;
}

interface PendingGlucose {
  n: DeviceNotification;
  mapped: MappedReading;
  decoded: Record<string, unknown>;
  timer: NodeJS.Timeout;
  settle: Array<(ok: boolean) => void>;
}

/**
 * Notification → decode (libs/ble-codecs `decodeCharacteristic`) → measurements → time → `ReadingV1` →
 * durable journal append (DESIGN.md §3). Keeps per device the gateway sequence counter (resumed from the
 * journal's high-water mark), the last receive time (unique ids) and the device clock estimate.
 */
export class NotificationPipeline {
  private readonly sequences = new Map<string, number>();
  private readonly lastReceivedAt = new Map<string, number>();
  private readonly clocks = new Map<string, ClockEstimate>();
  private readonly pendingGlucose = new Map<string, PendingGlucose>();
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly opts: PipelineOptions) {}

  /** The device's clock estimate (status report). */
  clockOf(address: string): ClockEstimate {
    return this.clocks.get(address) ?? NO_CLOCK;
  }

  /** Seeds the estimate from Current Time (0x2A2B) read on connect. */
  seedClock(address: string, estimate: ClockEstimate): void {
    this.clocks.set(address, estimate);
  }

  /**
   * Handles one value. Resolves true once the reading is durably journaled, false if it was not
   * (undecodable, no numeric measurement, invalid, append failed) — each case logged and counted.
   */
  handle(n: DeviceNotification): Promise<boolean> {
    const p = this.process(n);
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    return p;
  }

  /** Journals a glucose record still waiting for its context (end of a transfer, disconnect). */
  flushGlucose(address: string): void {
    const pending = this.pendingGlucose.get(address);
    if (!pending) return;
    this.pendingGlucose.delete(address);
    clearTimeout(pending.timer);
    void this.journal(pending.n, pending.mapped, pending.decoded).then((ok) => {
      for (const s of pending.settle) s(ok);
    });
  }

  private process(n: DeviceNotification): Promise<boolean> {
    const characteristic = n.characteristic.toUpperCase();
    this.opts.metrics.notificationsReceived.inc({ characteristic });
    const decoded = decodeCharacteristic(characteristic, n.bytes);
    if (!decoded.ok) {
      // Not published. Bytes are device data, not PHI beyond the address.
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
      return Promise.resolve(false);
    }
    const value = decoded.value as unknown as Record<string, unknown>;
    if (characteristic === '2A34') return this.onGlucoseContext(n, value);
    const mapped = mapMeasurements(characteristic, value);
    if (!mapped) {
      this.drop(n, 'not-a-measurement');
      return Promise.resolve(false);
    }
    if (mapped.omitted > 0) this.opts.metrics.specialValues.inc({ characteristic }, mapped.omitted);
    if (characteristic === '2A18') {
      this.flushGlucose(n.address); // a new record ends the wait for the previous one's context
      if (mapped.contextFollows) return this.awaitContext(n, mapped, value);
    }
    return this.journal(n, mapped, value);
  }

  private awaitContext(
    n: DeviceNotification,
    mapped: MappedReading,
    decoded: Record<string, unknown>,
  ): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.flushGlucose(n.address), this.opts.contextWaitMs ?? 2_000);
      this.pendingGlucose.set(n.address, { n, mapped, decoded, timer, settle: [resolve] });
    });
  }

  /** 0x2A34 joins the pending record of the same sequence number; otherwise it is dropped (counted). */
  private onGlucoseContext(n: DeviceNotification, context: Record<string, unknown>): Promise<boolean> {
    const pending = this.pendingGlucose.get(n.address);
    if (!pending || pending.mapped.deviceSequence !== context['sequenceNumber']) {
      this.drop(n, 'orphan-glucose-context');
      return Promise.resolve(false);
    }
    this.pendingGlucose.delete(n.address);
    clearTimeout(pending.timer);
    const merged = { ...pending.decoded, context };
    return this.journal(pending.n, pending.mapped, merged).then((ok) => {
      for (const s of pending.settle) s(ok);
      return ok;
    });
  }

  private journal(n: DeviceNotification, mapped: MappedReading, decoded: unknown): Promise<boolean> {
    const characteristic = n.characteristic.toUpperCase();
    if (mapped.measurements.length === 0) {
      this.drop(n, 'no-numeric-measurement');
      return Promise.resolve(false);
    }
    const receivedAtMs = uniqueReceivedAt(this.lastReceivedAt.get(n.address), n.receivedAt);
    this.lastReceivedAt.set(n.address, receivedAtMs);
    const time = resolveMeasurementTime(
      {
        deviceTime: mapped.deviceTime,
        ...(mapped.deviceTimeOffsetMinutes !== undefined
          ? { deviceTimeOffsetMinutes: mapped.deviceTimeOffsetMinutes }
          : {}),
        clockNotSet: mapped.clockNotSet ?? false,
        live: n.live ?? true,
        receivedAtMs,
      },
      this.clockOf(n.address),
    );
    if (mapped.deviceTime !== null || mapped.clockNotSet) this.clocks.set(n.address, time.estimate);
    if (time.clock.status !== 'ok') this.opts.metrics.clockFlagged.inc({ status: time.clock.status });
    const key = `${n.address}|${characteristic}`;
    const sequence =
      (this.sequences.get(key) ?? this.opts.journal.lastSequence(n.address, characteristic)) + 1;
    this.sequences.set(key, sequence);
    const reading = buildReading({
      gatewayId: this.opts.gatewayId,
      address: n.address,
      localName: n.localName,
      characteristic,
      idKey: idKeyOf(mapped, receivedAtMs),
      measuredAtMs: time.measuredAtMs,
      receivedAtMs,
      clockOffsetMs: time.clockOffsetMs,
      clock: time.clock,
      sequence,
      deviceSequence: mapped.deviceSequence,
      intermediate: mapped.intermediate,
      bytes: n.bytes,
      measurements: mapped.measurements,
      decoded,
    });
    const valid = readingSchema.safeParse(reading);
    if (!valid.success) {
      this.opts.metrics.decodeErrors.inc({ code: 'SCHEMA' });
      this.opts.logger.warn(
        { address: n.address, characteristic, reason: valid.error.issues[0]?.message ?? 'invalid' },
        'reading does not match openward.reading/1; not journaled',
      );
      return Promise.resolve(false);
    }
    return this.append(reading);
  }

  private append(reading: ReadingV1): Promise<boolean> {
    return this.opts.journal.append(reading, { priority: priorityOf(reading.characteristic) }).then(
      (entry) => {
        this.opts.metrics.readingsJournaled.inc();
        this.opts.onJournaled(entry);
        return true;
      },
      (e: unknown) => {
        this.opts.metrics.journalErrors.inc({ op: 'append' });
        this.opts.logger.error(
          { address: reading.device.address, id: reading.id, err: String(e) },
          'journal append failed',
        );
        return false;
      },
    );
  }

  private drop(n: DeviceNotification, reason: string): void {
    this.opts.metrics.readingsDropped.inc({ reason });
    this.opts.logger.warn(
      { address: n.address, characteristic: n.characteristic.toUpperCase(), reason, raw: hex(n.bytes) },
      'value not published',
    );
  }

  /** Resolves when every value handled so far has settled (graceful shutdown). */
  async drain(): Promise<void> {
    for (const address of [...this.pendingGlucose.keys()]) this.flushGlucose(address);
    await Promise.all([...this.inFlight]);
  }
}

/**
 * Stable id key: the glucose record sequence; else the device time stamp (so a device that resends a
 * stored measurement yields the same id) — except for intermediate values, several per time stamp
 * second; else the unique receive time.
 */
function idKeyOf(mapped: MappedReading, receivedAtMs: number): number | string {
  if (mapped.deviceSequence !== undefined) return `seq-${mapped.deviceSequence}`;
  if (mapped.deviceTime !== null && !mapped.intermediate) {
    const ms = deviceTimeMs(mapped.deviceTime);
    if (ms !== null) return `dev-${ms + (mapped.deviceTimeOffsetMinutes ?? 0) * 60_000}`;
  }
  return receivedAtMs;
}

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}
