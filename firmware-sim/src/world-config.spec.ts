import { describe, expect, it } from '@jest/globals';
import { DEVICE_KINDS } from '@openward/contracts';
import { loadConfig } from './config.js';
import { seedFromString } from './physiology.js';
import { DEFAULT_MEASURE_INTERVAL_SECONDS, parseWorld } from './world-config.js';

const world = (devices: unknown[]): string => JSON.stringify(devices);
const errorOf = (devices: unknown[]): string => {
  const r = loadConfig({ SIM_DEVICES: world(devices) });
  return r.ok ? '' : `${r.error.variable}: ${r.error.message}`;
};

describe('SIM_DEVICES world config', () => {
  it('reads the foundation format as heart-rate straps with defaults', () => {
    expect(
      parseWorld(world([{ address: 'AA:BB:CC:DD:EE:01', localName: 'Strap', baselineBpm: 61 }])),
    ).toEqual([
      expect.objectContaining({
        address: 'aa:bb:cc:dd:ee:01',
        kind: 'heart-rate-strap',
        scenario: 'stable',
        seed: seedFromString('aa:bb:cc:dd:ee:01'),
        hasClock: false,
        baselineBpm: 61,
        patient: expect.objectContaining({ restingBpm: 61 }),
      }),
    ]);
  });

  it('reads every kind with its defaults: a clock except straps, kind-specific measurement period', () => {
    const list = parseWorld(
      world(
        DEVICE_KINDS.map((kind, i) => ({
          address: `aa:bb:cc:dd:ee:0${i}`,
          localName: kind.slice(0, 20),
          kind,
        })),
      ),
    );
    expect(list.map((d) => [d.kind, d.hasClock, d.measureIntervalSeconds])).toEqual(
      DEVICE_KINDS.map((k) => [k, k !== 'heart-rate-strap', DEFAULT_MEASURE_INTERVAL_SECONDS[k]]),
    );
  });

  it('reads every optional field', () => {
    const [d] = parseWorld(
      world([
        {
          address: 'aa:bb:cc:dd:ee:01',
          kind: 'glucose-meter',
          localName: 'Meter',
          scenario: 'hypoglycaemia',
          seed: 12,
          clockSet: false,
          clockOffsetSeconds: -90,
          measureIntervalSeconds: 60,
          storedRecords: 0,
          patient: { glucoseMmolL: 7.1, weightKg: 101 },
        },
      ]),
    );
    expect(d).toMatchObject({
      scenario: 'hypoglycaemia',
      seed: 12,
      hasClock: true,
      clockSet: false,
      clockOffsetSeconds: -90,
      measureIntervalSeconds: 60,
      storedRecords: 0,
      patient: { seed: 12, glucoseMmolL: 7.1, weightKg: 101, systolic: 124 },
    });
  });

  it.each([
    [[{ address: 'aa:bb:cc:dd:ee:01', localName: 'x', kind: 'toaster' }], 'kind must be one of'],
    [[{ address: 'aa:bb:cc:dd:ee:01', localName: 'x', scenario: 'flu' }], 'scenario must be one of'],
    [[{ address: 'aa:bb:cc:dd:ee:01', localName: 'x', kind: 'glucose-meter', hasClock: false }], 'hasClock'],
    [[{ address: 'aa:bb:cc:dd:ee:01', localName: 'x', hasClock: true }], 'hasClock'],
    [[{ address: 'aa:bb:cc:dd:ee:01', localName: 'x', patient: { spo2: 120 } }], 'patient.spo2'],
    [[{ address: 'aa:bb:cc:dd:ee:01', localName: 'x', patient: { bloodType: 'A' } }], 'patient.bloodType'],
    [
      [{ address: 'aa:bb:cc:dd:ee:01', localName: 'x', patient: { systolic: 80, diastolic: 90 } }],
      'diastolic',
    ],
    [
      [{ address: 'aa:bb:cc:dd:ee:01', localName: 'x', measureIntervalSeconds: 1.5 }],
      'measureIntervalSeconds',
    ],
    [[{ address: 'aa:bb:cc:dd:ee:01', localName: 'x', colour: 'red' }], 'colour is not a device field'],
  ])('rejects %j naming the field', (devices, message) => {
    const e = errorOf(devices);
    expect(e).toMatch(/^SIM_DEVICES: /);
    expect(e).toContain(message);
  });

  it('validates SIM_TIME_SCALE', () => {
    expect(loadConfig({ SIM_TIME_SCALE: '0.5' })).toMatchObject({ ok: true, config: { timeScale: 0.5 } });
    for (const bad of ['0', 'fast', '-2', '1e9']) {
      expect(loadConfig({ SIM_TIME_SCALE: bad })).toMatchObject({
        ok: false,
        error: { variable: 'SIM_TIME_SCALE' },
      });
    }
  });
});
