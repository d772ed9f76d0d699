import { describe, it, expect, jest, beforeEach, afterEach } from '@jest/globals';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Noble } from '@stoprocent/noble';
import { pino } from 'pino';
import { initialPolicy } from '../devices/allow-list.js';
import { NO_CLOCK } from '../devices/clock.js';
import { SequenceStore } from '../devices/sequence-store.js';
import { GatewayMetrics } from '../metrics.js';
import { DeviceSupervisor, type MeasurementSink } from './device-supervisor.js';

const address = 'c0:ff:ee:00:70:01';

/** A peripheral whose connection attempts always fail (device busy, interference). */
class FailingPeripheral extends EventEmitter {
  readonly address = address;
  readonly connectable = true;
  readonly advertisement = { localName: 'OW-THERMO', serviceUuids: ['1809'] };
  state = 'disconnected';
  connectAsync = jest.fn(async () => {
    throw new Error('connection failed to be established');
  });
  disconnect = jest.fn();
}

class FakeNoble extends EventEmitter {
  startScanningAsync = jest.fn(async (_uuids?: string[], _dups?: boolean) => undefined);
  stopScanningAsync = jest.fn(async () => undefined);
  stop = jest.fn();
}

const sink: MeasurementSink = {
  handle: async () => true,
  flushGlucose: () => undefined,
  clockOf: () => NO_CLOCK,
  seedClock: () => undefined,
};

describe('DeviceSupervisor connection supervision', () => {
  let now = 1_000_000;
  let dir: string;
  beforeEach(() => {
    jest.useFakeTimers();
    now = 1_000_000;
    dir = mkdtempSync(join(tmpdir(), 'ow-sup-'));
  });
  afterEach(() => {
    jest.useRealTimers();
    rmSync(dir, { recursive: true, force: true });
  });

  function setup(notSeenAfterSeconds = 600) {
    const noble = new FakeNoble();
    const metrics = new GatewayMetrics();
    const supervisor = new DeviceSupervisor(noble as unknown as Noble, {
      policy: initialPolicy([address], notSeenAfterSeconds),
      sink,
      sequences: SequenceStore.open(join(dir, 'seq.json')),
      logger: pino({ level: 'silent' }),
      metrics,
      clock: () => now,
      random: () => 0,
      backoff: { baseMs: 1_000, capMs: 8_000 },
      maxAttempts: 3,
      cooldownMs: 60_000,
    });
    supervisor.start();
    noble.emit('stateChange', 'poweredOn');
    return { noble, metrics, supervisor };
  }

  /** Lets the failed connect's promise chain run. */
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };

  it('scans for every health service', () => {
    const { noble } = setup();
    expect(noble.startScanningAsync).toHaveBeenCalledWith(
      ['180d', '1822', '1810', '1809', '1808', '181d', '181b'],
      true,
    );
  });

  it('backs off exponentially, then cools down after the retry limit', async () => {
    const { noble, metrics } = setup();
    const p = new FailingPeripheral();
    const attempt = async (): Promise<void> => {
      noble.emit('discover', p);
      await settle();
    };
    // random 0 → equal jitter gives half the exponential delay: 500, 1000, 2000 ms.
    for (const wait of [500, 1_000, 2_000]) {
      await attempt();
      await jest.advanceTimersByTimeAsync(wait - 1);
      await attempt(); // still waiting: an advert does not trigger a connection
      await jest.advanceTimersByTimeAsync(1);
    }
    expect(p.connectAsync).toHaveBeenCalledTimes(3);
    await attempt(); // 4th failure: retry limit reached
    expect(p.connectAsync).toHaveBeenCalledTimes(4);
    expect((await metrics.bleCooldowns.get()).values[0]?.value).toBe(1);
    await jest.advanceTimersByTimeAsync(59_999);
    await attempt();
    expect(p.connectAsync).toHaveBeenCalledTimes(4); // adverts ignored during the cool-down
    await jest.advanceTimersByTimeAsync(1);
    await attempt();
    expect(p.connectAsync).toHaveBeenCalledTimes(5); // and tried again afterwards
  });

  it('ignores devices that are not allow-listed', async () => {
    const { noble, supervisor } = setup();
    const stranger = Object.assign(new FailingPeripheral(), { address: 'c0:ff:ee:00:70:99' });
    noble.emit('discover', stranger);
    await settle();
    expect(stranger.connectAsync).not.toHaveBeenCalled();
    expect(supervisor.snapshot().map((d) => d.address)).toEqual([address]);
  });

  it('reports an allow-listed device missing after notSeenAfterSeconds, and seen again on an advert', async () => {
    const { noble, supervisor, metrics } = setup(10);
    expect(supervisor.snapshot()[0]).toMatchObject({ address, missing: false, lastSeenAt: null, kind: null });
    now += 10_000;
    expect(supervisor.snapshot()[0]?.missing).toBe(true);
    expect((await metrics.devicesMissing.get()).values[0]?.value).toBe(1);
    noble.emit('discover', new FailingPeripheral());
    await settle();
    expect(supervisor.snapshot()[0]).toMatchObject({
      missing: false,
      kind: 'thermometer',
      lastSeenAt: new Date(now).toISOString(),
    });
    expect((await metrics.devicesMissing.get()).values[0]?.value).toBe(0);
  });

  it('forgets devices removed from the allow-list by a new policy', () => {
    const { supervisor } = setup();
    supervisor.setPolicy({ ...initialPolicy(['c0:ff:ee:00:70:02'], 600), configVersion: 1, openScan: false });
    expect(supervisor.snapshot().map((d) => d.address)).toEqual(['c0:ff:ee:00:70:02']);
  });
});
