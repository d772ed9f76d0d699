import type { Noble, Peripheral } from '@stoprocent/noble';
import type { DeviceKind, GatewayDeviceStatus } from '@openward/contracts';
import type { Logger } from 'pino';
import { backoffDelay, type BackoffPolicy } from '../backoff.js';
import { isAllowed, type DevicePolicy } from '../devices/allow-list.js';
import type { ClockEstimate } from '../devices/clock.js';
import { HEALTH_SERVICES, RACP, kindFromServices } from '../devices/profiles.js';
import type { SequenceStore } from '../devices/sequence-store.js';
import type { GatewayMetrics } from '../metrics.js';
import type { DeviceNotification } from '../readings/pipeline.js';
import { openRacp, openSession, type DeviceInfo } from './device-session.js';
import { GlucoseCatchUp } from './glucose-catch-up.js';

export type { DeviceNotification } from '../readings/pipeline.js';

/** Where measurement values go; resolves true once journaled (the glucose catch-up waits for it). */
export interface MeasurementSink {
  handle(n: DeviceNotification): Promise<boolean>;
  flushGlucose(address: string): void;
  clockOf(address: string): ClockEstimate;
  seedClock(address: string, estimate: ClockEstimate): void;
}

export interface DeviceSupervisorOptions {
  policy: DevicePolicy;
  sink: MeasurementSink;
  sequences: SequenceStore;
  logger: Logger;
  metrics: GatewayMetrics;
  clock?: () => number;
  random?: () => number;
  /** Reconnect backoff (default 500 ms doubling to 30 s, equal jitter). */
  backoff?: BackoffPolicy;
  /** A link that stayed up this long resets the retry count (default 10 s), so a flapping device backs off. */
  stableAfterMs?: number;
  /** Reconnect retries (each after its backoff) before a cool-down (default 6). */
  maxAttempts?: number;
  /** Cool-down after the retry limit (default 5 min): adverts are ignored meanwhile. */
  cooldownMs?: number;
  /** How often "not seen" is re-evaluated (default 5 s). */
  missingCheckMs?: number;
}

type LinkState = 'idle' | 'connecting' | 'connected' | 'waiting' | 'cooldown' | 'resting';

interface Device {
  address: string;
  kind: DeviceKind | null;
  state: LinkState;
  /** Bumped on every connection attempt; callbacks of older attempts are ignored. */
  generation: number;
  attempt: number;
  connectedAt: number | null;
  timer: NodeJS.Timeout | null;
  peripheral: Peripheral | null;
  localName: string | undefined;
  lastSeenAt: number | null;
  missing: boolean;
  batteryLevel: number | null;
  info: DeviceInfo;
  catchUp: GlucoseCatchUp | null;
}

/**
 * Keeps every allow-listed health device connected and subscribed through the real noble API
 * (issue 4 item 3): heart-rate straps, pulse oximeters, BP cuffs, thermometers, glucose meters, scales.
 *
 * Scans for every health service with duplicates allowed, filtered by allow-listed address, so a device
 * that dropped out of range is reconnected as soon as it advertises again. After a lost or failed link
 * the device waits out an exponential backoff with jitter; after `maxAttempts` consecutive failures it
 * cools down. A device not seen (advert, link or notification) for `notSeenAfterSeconds` is reported
 * missing. The allow-list can change at run time ({@link setPolicy}).
 */
export class DeviceSupervisor {
  private readonly devices = new Map<string, Device>();
  private policy: DevicePolicy;
  private readonly clock: () => number;
  private readonly random: () => number;
  private readonly backoff: BackoffPolicy;
  private readonly stableAfterMs: number;
  private readonly maxAttempts: number;
  private readonly cooldownMs: number;
  private readonly startedAt: number;
  private radio = 'unknown';
  private stopping = false;
  private missingTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly noble: Noble,
    private readonly opts: DeviceSupervisorOptions,
  ) {
    this.policy = opts.policy;
    this.clock = opts.clock ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.backoff = opts.backoff ?? { baseMs: 500, capMs: 30_000 };
    this.stableAfterMs = opts.stableAfterMs ?? 10_000;
    this.maxAttempts = opts.maxAttempts ?? 6;
    this.cooldownMs = opts.cooldownMs ?? 300_000;
    this.startedAt = this.clock();
    for (const d of this.policy.devices.values()) this.deviceFor(d.address, d.kind);
  }

  /** Adapter state as last reported by noble. */
  get radioState(): string {
    return this.radio;
  }

  get connectedCount(): number {
    let n = 0;
    for (const d of this.devices.values()) if (d.state === 'connected') n++;
    return n;
  }

  get currentPolicy(): DevicePolicy {
    return this.policy;
  }

  /** Registers listeners; adding the `stateChange` listener makes noble start its binding. */
  start(): void {
    this.noble.on('discover', (p: Peripheral) => this.onDiscover(p));
    this.noble.on('stateChange', (state: string) => this.onStateChange(state));
    this.missingTimer = setInterval(() => this.checkMissing(), this.opts.missingCheckMs ?? 5_000);
    this.missingTimer.unref();
  }

  /**
   * Applies a new allow-list without restart: devices no longer allowed are disconnected and forgotten,
   * new ones are connected on their next advert.
   */
  setPolicy(policy: DevicePolicy): void {
    this.policy = policy;
    for (const d of [...this.devices.values()]) {
      if (isAllowed(policy, d.address)) continue;
      this.opts.logger.info({ address: d.address }, 'device removed from allow-list; disconnecting');
      this.forget(d);
    }
    for (const a of policy.devices.values()) {
      const d = this.deviceFor(a.address, a.kind);
      if (a.kind) d.kind = a.kind;
    }
    this.checkMissing();
  }

  /** Every known device as the gateway status reports it (contracts gatewayDeviceStatusSchema). */
  snapshot(): GatewayDeviceStatus[] {
    this.checkMissing();
    return [...this.devices.values()]
      .sort((a, b) => a.address.localeCompare(b.address))
      .map((d) => {
        const clock = this.opts.sink.clockOf(d.address);
        return {
          address: d.address,
          kind: d.kind,
          connected: d.state === 'connected',
          lastSeenAt: d.lastSeenAt === null ? null : new Date(d.lastSeenAt).toISOString(),
          missing: d.missing,
          batteryLevel: d.batteryLevel,
          clock: clock.status,
          clockOffsetMs: clock.offsetMs,
          info: { ...d.info },
        };
      });
  }

  /** Stops scanning, disconnects every device and stops the binding. Bounded in time. */
  async stop(timeoutMs = 2_000): Promise<void> {
    this.stopping = true;
    if (this.missingTimer) clearInterval(this.missingTimer);
    for (const d of this.devices.values()) {
      if (d.timer) clearTimeout(d.timer);
      d.timer = null;
    }
    const bounded = (p: Promise<unknown>): Promise<unknown> =>
      Promise.race([p.catch(() => undefined), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    if (this.radio === 'poweredOn') await bounded(this.noble.stopScanningAsync());
    await Promise.all(
      [...this.devices.values()]
        .filter((d) => d.peripheral && (d.state === 'connected' || d.state === 'connecting'))
        .map((d) => bounded((d.peripheral as Peripheral).disconnectAsync())),
    );
    await Promise.all(
      [...this.devices.values()].map((d) => bounded(d.catchUp?.settled() ?? Promise.resolve())),
    );
    this.noble.stop();
    this.opts.metrics.devicesConnected.set(0);
  }

  private deviceFor(address: string, kind: DeviceKind | null): Device {
    let d = this.devices.get(address);
    if (!d) {
      d = {
        address,
        kind,
        state: 'idle',
        generation: 0,
        attempt: 0,
        connectedAt: null,
        timer: null,
        peripheral: null,
        localName: undefined,
        lastSeenAt: null,
        missing: false,
        batteryLevel: null,
        info: {},
        catchUp: null,
      };
      this.devices.set(address, d);
    }
    return d;
  }

  private forget(d: Device): void {
    d.generation++; // callbacks of the current link are ignored from now on
    if (d.timer) clearTimeout(d.timer);
    d.catchUp?.disconnect();
    const p = d.peripheral;
    if (p && (d.state === 'connected' || d.state === 'connecting'))
      p.disconnectAsync().catch(() => undefined);
    this.devices.delete(d.address);
    this.opts.metrics.deviceLastSeenAge.remove({ address: d.address });
    this.opts.metrics.deviceBattery.remove({ address: d.address });
    this.opts.metrics.devicesConnected.set(this.connectedCount);
  }

  private seen(d: Device): void {
    d.lastSeenAt = this.clock();
    if (d.missing) {
      d.missing = false;
      this.opts.logger.info({ address: d.address }, 'device seen again');
      this.checkMissing();
    }
  }

  private checkMissing(): void {
    const now = this.clock();
    const limitMs = this.policy.notSeenAfterSeconds * 1000;
    let missing = 0;
    for (const d of this.devices.values()) {
      if (d.state === 'connected') d.lastSeenAt = now; // a live link is the device being seen
      const since = d.lastSeenAt ?? this.startedAt;
      this.opts.metrics.deviceLastSeenAge.set({ address: d.address }, Math.max(0, (now - since) / 1000));
      const isMissing = now - since >= limitMs;
      if (isMissing && !d.missing) {
        this.opts.logger.warn(
          {
            address: d.address,
            lastSeenAt: d.lastSeenAt === null ? null : new Date(d.lastSeenAt).toISOString(),
          },
          'device not seen',
        );
      }
      d.missing = isMissing;
      if (isMissing) missing++;
    }
    this.opts.metrics.devicesMissing.set(missing);
  }

  private onStateChange(state: string): void {
    this.radio = state;
    this.opts.logger.info({ state }, 'radio state');
    if (state !== 'poweredOn' || this.stopping) return;
    // allowDuplicates = true: a device coming back into range must produce a discover event again.
    this.noble.startScanningAsync([...HEALTH_SERVICES], true).catch((e: unknown) => {
      this.opts.logger.error({ err: errorMessage(e) }, 'could not start scanning');
    });
  }

  private onDiscover(p: Peripheral): void {
    if (this.stopping) return;
    const address = p.address.toLowerCase();
    // Scan filter by address: only allow-listed devices (or any health device with no list at all).
    if (!isAllowed(this.policy, address)) return;
    const d = this.deviceFor(address, this.policy.devices.get(address)?.kind ?? null);
    d.localName = p.advertisement?.localName ?? d.localName;
    d.kind ??= kindFromServices(p.advertisement?.serviceUuids ?? []);
    this.seen(d);
    if (d.state === 'idle' && p.connectable !== false) void this.connect(d, p);
  }

  private async connect(d: Device, p: Peripheral): Promise<void> {
    const gen = ++d.generation;
    d.state = 'connecting';
    d.peripheral = p;
    const log = this.opts.logger.child({ address: d.address });
    const current = (): boolean => gen === d.generation && !this.stopping;
    const onDisconnect = (reason: unknown): void => this.linkLost(d, gen, `disconnected: ${String(reason)}`);
    try {
      await p.connectAsync();
      if (!current()) return;
      p.once('disconnect', onDisconnect);
      const { facts, chars } = await openSession(
        p,
        d.kind,
        {
          onMeasurement: (uuid, bytes, receivedAt, live) => {
            this.seen(d);
            this.onMeasurement(d, uuid, bytes, receivedAt, live);
          },
          onBattery: (level) => this.setBattery(d, level),
          logger: log,
          clock: this.clock,
        },
        current,
      );
      if (!current()) return;
      d.kind = facts.kind;
      d.info = facts.info;
      if (facts.batteryLevel !== null) this.setBattery(d, facts.batteryLevel);
      if (facts.clock) this.opts.sink.seedClock(d.address, facts.clock);
      if (chars.has(RACP)) {
        const catchUp = new GlucoseCatchUp(d.address, this.opts.sequences, this.opts.metrics, log);
        d.catchUp = catchUp;
        const racp = await openRacp(chars, catchUp, current);
        if (racp && current()) await catchUp.begin((bytes) => racp.writeAsync(Buffer.from(bytes), false));
      }
      if (!current() || d.state !== 'connecting') return;
      d.state = 'connected';
      d.connectedAt = this.clock();
      this.seen(d);
      this.opts.metrics.devicesConnected.set(this.connectedCount);
      log.info({ localName: d.localName, kind: d.kind, info: d.info }, 'device connected');
      if (d.catchUp) void this.afterCatchUp(d, gen, d.catchUp);
    } catch (e) {
      p.removeListener('disconnect', onDisconnect);
      if (gen !== d.generation) return;
      const wasLinked = p.state === 'connected';
      this.linkLost(d, gen, `connect failed: ${errorMessage(e)}`);
      // Discovery or subscription failed on a live link: drop it so the next attempt starts clean.
      if (wasLinked) p.disconnect();
    }
  }

  /** A polled glucose meter is disconnected once its catch-up is done and reconnected after the interval. */
  private async afterCatchUp(d: Device, gen: number, catchUp: GlucoseCatchUp): Promise<void> {
    const state = await catchUp.finished;
    this.opts.sink.flushGlucose(d.address);
    const poll = this.policy.devices.get(d.address)?.pollIntervalSeconds ?? null;
    if (state !== 'done' || poll === null || gen !== d.generation || this.stopping) return;
    await catchUp.settled();
    d.generation++;
    d.state = 'resting';
    d.catchUp = null;
    this.opts.metrics.devicesConnected.set(this.connectedCount);
    this.opts.logger.info({ address: d.address, nextInSeconds: poll }, 'glucose meter polled; disconnecting');
    d.peripheral?.disconnectAsync().catch(() => undefined);
    d.timer = setTimeout(() => {
      d.timer = null;
      if (d.state === 'resting') d.state = 'idle';
    }, poll * 1000);
  }

  private onMeasurement(d: Device, uuid: string, bytes: Uint8Array, receivedAt: number, live: boolean): void {
    const n: DeviceNotification = {
      address: d.address,
      localName: d.localName,
      characteristic: uuid,
      bytes,
      receivedAt,
      live,
    };
    if (d.catchUp) d.catchUp.route(n, (x) => this.opts.sink.handle(x));
    else void this.opts.sink.handle(n);
  }

  private setBattery(d: Device, level: number): void {
    d.batteryLevel = level;
    this.opts.metrics.deviceBattery.set({ address: d.address }, level);
  }

  private linkLost(d: Device, gen: number, reason: string): void {
    if (gen !== d.generation || d.state === 'waiting' || d.state === 'idle' || d.state === 'cooldown') return;
    d.catchUp?.disconnect();
    this.opts.sink.flushGlucose(d.address);
    d.catchUp = null;
    const stable = d.connectedAt !== null && this.clock() - d.connectedAt >= this.stableAfterMs;
    if (stable) d.attempt = 0;
    if (d.connectedAt !== null) d.lastSeenAt = this.clock();
    d.connectedAt = null;
    d.state = 'waiting';
    this.opts.metrics.devicesConnected.set(this.connectedCount);
    if (this.stopping) return;
    let delay: number;
    if (d.attempt >= this.maxAttempts) {
      // Retry limit reached: stop hammering a device that keeps failing (battery, interference).
      d.state = 'cooldown';
      d.attempt = 0;
      delay = this.cooldownMs;
      this.opts.metrics.bleCooldowns.inc();
      this.opts.logger.warn(
        { address: d.address, reason, cooldownMs: delay },
        'device retry limit; cooling down',
      );
    } else {
      delay = backoffDelay(d.attempt++, this.backoff, this.random());
      this.opts.metrics.bleReconnects.inc();
      this.opts.logger.warn({ address: d.address, reason, retryInMs: delay }, 'device link lost');
    }
    d.timer = setTimeout(() => {
      d.timer = null;
      // Reconnect on the next advert (scan runs with duplicates), never on a stale Peripheral object.
      if (!this.stopping && (d.state === 'waiting' || d.state === 'cooldown')) d.state = 'idle';
    }, delay);
  }
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
