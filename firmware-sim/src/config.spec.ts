import { describe, expect, it } from '@jest/globals';
import { DEMO_DEVICES } from '@openward/testing';
import { loadConfig } from './config.js';

function errorVariable(env: Record<string, string>): string | undefined {
  const r = loadConfig(env);
  return r.ok ? undefined : r.error.variable;
}

describe('loadConfig', () => {
  it('uses the documented defaults with an empty environment', () => {
    const r = loadConfig({});
    expect(r.ok && r.config).toMatchObject({
      host: '127.0.0.1',
      radioPort: 0,
      controlPort: 0,
      devices: DEMO_DEVICES.map(({ address, localName, kind, baselineBpm, measureIntervalSeconds }) => ({
        address,
        localName,
        kind,
        // Straps centre on the demo's resting rate; other kinds use the simulator's default patient (72).
        baselineBpm: baselineBpm ?? 72,
        ...(measureIntervalSeconds === undefined ? {} : { measureIntervalSeconds }),
      })),
      notifyIntervalMs: 1000,
      timeScale: 1,
      logLevel: 'info',
    });
    // The default world is the demo home kit: every device kind, each with its demo scenario; straps have
    // no clock, every other kind has one.
    expect(r.ok && r.config.devices.map((d) => [d.kind, d.scenario, d.hasClock])).toEqual(
      DEMO_DEVICES.map((d) => [d.kind, d.scenario ?? 'stable', d.kind !== 'heart-rate-strap']),
    );
    expect(new Set(r.ok ? r.config.devices.map((d) => d.kind) : [])).toEqual(
      new Set([
        'heart-rate-strap',
        'pulse-oximeter',
        'blood-pressure-cuff',
        'thermometer',
        'glucose-meter',
        'weight-scale',
        'body-composition-scale',
      ]),
    );
  });

  it('reads every variable', () => {
    const r = loadConfig({
      SIM_HOST: '0.0.0.0',
      SIM_RADIO_PORT: '4100',
      SIM_CONTROL_PORT: '4101',
      SIM_DEVICES: '[{"address":"AA:BB:CC:DD:EE:01","localName":"Strap A","baselineBpm":60}]',
      SIM_NOTIFY_INTERVAL_MS: '250',
      SIM_TIME_SCALE: '60',
      LOG_LEVEL: 'debug',
    });
    expect(r.ok && r.config).toMatchObject({
      host: '0.0.0.0',
      radioPort: 4100,
      controlPort: 4101,
      devices: [{ address: 'aa:bb:cc:dd:ee:01', localName: 'Strap A', baselineBpm: 60 }],
      notifyIntervalMs: 250,
      timeScale: 60,
      logLevel: 'debug',
    });
  });

  it.each([
    [{ SIM_RADIO_PORT: 'abc' }, 'SIM_RADIO_PORT'],
    [{ SIM_RADIO_PORT: '70000' }, 'SIM_RADIO_PORT'],
    [{ SIM_CONTROL_PORT: '-1' }, 'SIM_CONTROL_PORT'],
    [{ SIM_NOTIFY_INTERVAL_MS: '0' }, 'SIM_NOTIFY_INTERVAL_MS'],
    [{ SIM_NOTIFY_INTERVAL_MS: '1.5' }, 'SIM_NOTIFY_INTERVAL_MS'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SIM_DEVICES: 'not json' }, 'SIM_DEVICES'],
    [{ SIM_DEVICES: '{}' }, 'SIM_DEVICES'],
    [{ SIM_DEVICES: '[{"address":"nope","localName":"x","baselineBpm":60}]' }, 'SIM_DEVICES'],
    [{ SIM_DEVICES: '[{"address":"aa:bb:cc:dd:ee:01","localName":"","baselineBpm":60}]' }, 'SIM_DEVICES'],
    [{ SIM_DEVICES: '[{"address":"aa:bb:cc:dd:ee:01","localName":"x","baselineBpm":500}]' }, 'SIM_DEVICES'],
    [
      { SIM_DEVICES: `[{"address":"aa:bb:cc:dd:ee:01","localName":"${'n'.repeat(30)}","baselineBpm":60}]` },
      'SIM_DEVICES',
    ],
    [
      {
        SIM_DEVICES:
          '[{"address":"aa:bb:cc:dd:ee:01","localName":"a","baselineBpm":60},' +
          '{"address":"AA:BB:CC:DD:EE:01","localName":"b","baselineBpm":60}]',
      },
      'SIM_DEVICES',
    ],
  ])('rejects %p naming %s', (env, variable) => {
    expect(errorVariable(env)).toBe(variable);
  });

  it('puts the variable name in the message', () => {
    const r = loadConfig({ SIM_RADIO_PORT: 'x' });
    expect(r.ok ? '' : r.error.message).toContain('SIM_RADIO_PORT');
  });
});
