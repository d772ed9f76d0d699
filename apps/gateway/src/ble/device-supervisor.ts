import type { Characteristic, Noble, Peripheral } from '@stoprocent/noble';
import type { Logger } from 'pino';
import { backoffDelay, type BackoffPolicy } from '../backoff.js';
import type { GatewayMetrics } from '../metrics.js';

/** Heart Rate service and its Heart Rate Measurement characteristic (noble's lowercase 16-bit form). */
export const HEART_RATE_SERVICE = '180d';
export const HEART_RATE_MEASUREMENT = '2a37';

/** One GATT notification as it left the radio, stamped with the gateway clock. */
export interface DeviceNotification {
  address: string;
  localName: string | undefined;
  /** Characteristic UUID as noble reports it (lowercase, e.g. `2a37`). */
  characteristic: string;
  bytes: Uint8Array;
  /** Gateway wall clock (epoch ms) when noble delivered the notification. */
  receivedAt: number;
}

export interface DeviceSupervisorOptions {
  /** Lowercase addresses; empty = every device advertising 0x180D. */
  allowedDevices: readonly string[];
  onNotification: (n: DeviceNotification) => void;
  logger: Logger;
  metrics: GatewayMetrics;
  clock?: () => number;
  random?: () => number;
  /** Reconnect backoff (default 500 ms doubling to 30 s, equal jitter). */
  backoff?: BackoffPolicy;
  /** A link that stayed up this long resets the backoff (default 10 s), so a flapping strap backs off. */
  stableAfterMs?: number;
}

type Status = 'idle' | 'connecting' | 'connected' | 'waiting';

interface Device {
  address: string;
  status: Status;
  /** Bumped on every connection attempt; callbacks of older attempts are ignored. */
  generation: number;
  attempt: number;
  connectedAt: number | null;
  timer: NodeJS.Timeout | null;
  peripheral: Peripheral | null;
  localName: string | undefined;
}

/**
 * Keeps allow-listed heart-rate straps connected and subscribed through the real noble API.
 *
 * Scans for 0x180D with duplicates allowed, so every advert is seen: a device that dropped out of range
 * is reconnected as soon as it advertises again. After a lost or failed link the device waits out an
 * exponential backoff with jitter, then the next advert triggers a new connection (a fresh noble
 * Peripheral, which stays valid across adapter power cycles).
 */
export class DeviceSupervisor {
  private readonly devices = new Map<string, Device>();
  private readonly allowed: Set<string>;
  private readonly clock: () => number;
  private readonly random: () => number;
  private readonly backoff: BackoffPolicy;
  private readonly stableAfterMs: number;
  private radio = 'unknown';
  private stopping = false;

  constructor(
    private readonly noble: Noble,
    private readonly opts: DeviceSupervisorOptions,
  ) {
    this.allowed = new Set(opts.allowedDevices.map((a) => a.toLowerCase()));
    this.clock = opts.clock ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.backoff = opts.backoff ?? { baseMs: 500, capMs: 30_000 };
    this.stableAfterMs = opts.stableAfterMs ?? 10_000;
  }

  /** Adapter state as last reported by noble. */
  get radioState(): string {
    return this.radio;
  }

  get connectedCount(): number {
    let n = 0;
    for (const d of this.devices.values()) if (d.status === 'connected') n++;
    return n;
  }

  /** Registers listeners; adding the `stateChange` listener makes noble start its binding. */
  start(): void {
    this.noble.on('discover', (p: Peripheral) => this.onDiscover(p));
    this.noble.on('stateChange', (state: string) => this.onStateChange(state));
  }

  /** Stops scanning, disconnects every device and stops the binding. Bounded in time. */
  async stop(timeoutMs = 2_000): Promise<void> {
    this.stopping = true;
    for (const d of this.devices.values()) {
      if (d.timer) clearTimeout(d.timer);
      d.timer = null;
    }
    const bounded = (p: Promise<unknown>): Promise<unknown> =>
      Promise.race([p.catch(() => undefined), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    if (this.radio === 'poweredOn') await bounded(this.noble.stopScanningAsync());
    await Promise.all(
      [...this.devices.values()]
        .filter((d) => d.peripheral && (d.status === 'connected' || d.status === 'connecting'))
        .map((d) => bounded((d.peripheral as Peripheral).disconnectAsync())),
    );
    this.noble.stop();
    this.opts.metrics.devicesConnected.set(0);
  }

  private onStateChange(state: string): void {
    this.radio = state;
    this.opts.logger.info({ state }, 'radio state');
    if (state !== 'poweredOn' || this.stopping) return;
    // allowDuplicates = true: a device coming back into range must produce a discover event again.
    this.noble.startScanningAsync([HEART_RATE_SERVICE], true).catch((e: unknown) => {
      this.opts.logger.error({ err: errorMessage(e) }, 'could not start scanning');
    });
  }

  private onDiscover(p: Peripheral): void {
    if (this.stopping) return;
    const address = p.address.toLowerCase();
    if (this.allowed.size > 0 && !this.allowed.has(address)) return;
    let d = this.devices.get(address);
    if (!d) {
      d = {
        address,
        status: 'idle',
        generation: 0,
        attempt: 0,
        connectedAt: null,
        timer: null,
        peripheral: null,
        localName: undefined,
      };
      this.devices.set(address, d);
    }
    d.localName = p.advertisement?.localName ?? d.localName;
    if (d.status === 'idle' && p.connectable !== false) void this.connect(d, p);
  }

  private async connect(d: Device, p: Peripheral): Promise<void> {
    const gen = ++d.generation;
    d.status = 'connecting';
    d.peripheral = p;
    const log = this.opts.logger.child({ address: d.address });
    const onDisconnect = (reason: unknown): void => this.linkLost(d, gen, `disconnected: ${String(reason)}`);
    try {
      await p.connectAsync();
      if (gen !== d.generation) return;
      p.once('disconnect', onDisconnect);
      const { characteristics } = await p.discoverSomeServicesAndCharacteristicsAsync(
        [HEART_RATE_SERVICE],
        [HEART_RATE_MEASUREMENT],
      );
      const hrm = characteristics.find((c: Characteristic) => c.uuid === HEART_RATE_MEASUREMENT);
      if (!hrm) throw new Error('device has no 0x2A37 characteristic');
      hrm.on('data', (data: Buffer, isNotification: boolean) => {
        if (!isNotification || gen !== d.generation) return;
        this.opts.onNotification({
          address: d.address,
          localName: d.localName,
          characteristic: hrm.uuid,
          bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
          receivedAt: this.clock(),
        });
      });
      await hrm.subscribeAsync();
      if (gen !== d.generation || d.status !== 'connecting') return;
      d.status = 'connected';
      d.connectedAt = this.clock();
      this.opts.metrics.devicesConnected.set(this.connectedCount);
      log.info({ localName: d.localName }, 'device connected');
    } catch (e) {
      p.removeListener('disconnect', onDisconnect);
      if (gen !== d.generation) return;
      const wasLinked = p.state === 'connected';
      this.linkLost(d, gen, `connect failed: ${errorMessage(e)}`);
      // Discovery or subscription failed on a live link: drop it so the next attempt starts clean.
      if (wasLinked) p.disconnect();
    }
  }

  private linkLost(d: Device, gen: number, reason: string): void {
    if (gen !== d.generation || d.status === 'waiting' || d.status === 'idle') return;
    const stable = d.connectedAt !== null && this.clock() - d.connectedAt >= this.stableAfterMs;
    if (stable) d.attempt = 0;
    d.connectedAt = null;
    d.status = 'waiting';
    this.opts.metrics.devicesConnected.set(this.connectedCount);
    if (this.stopping) return;
    const delay = backoffDelay(d.attempt++, this.backoff, this.random());
    this.opts.metrics.bleReconnects.inc();
    this.opts.logger.warn({ address: d.address, reason, retryInMs: delay }, 'device link lost');
    d.timer = setTimeout(() => {
      d.timer = null;
      // Reconnect on the next advert (scan runs with duplicates), never on a stale Peripheral object.
      if (!this.stopping && d.status === 'waiting') d.status = 'idle';
    }, delay);
  }
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
