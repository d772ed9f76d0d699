import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MAX_READING_BYTES, PHYSIOLOGICAL_RANGES } from '@openward/contracts';
import {
  DEV,
  DEV_OF_GW2,
  DEV_UNASSIGNED,
  GW,
  GW2,
  PATIENT,
  encode,
  makeReading,
} from '../../test/fixtures.js';
import {
  implausibleMeasurement,
  MAX_FUTURE_SKEW_MS,
  validateReading,
  type ValidationContext,
} from './validate.js';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const devices = new Map([
  [DEV, GW],
  [DEV_UNASSIGNED, GW],
  [DEV_OF_GW2, GW2],
]);
const ctx: ValidationContext = {
  topicGatewayId: GW,
  clientGatewayId: GW,
  nowMs: NOW,
  registry: {
    deviceGateway: (a) => devices.get(a),
    patientAt: (a, at) => (a === DEV && at >= Date.parse('2020-01-01T00:00:00.000Z') ? PATIENT : null),
  },
};
const bytes = (s: string) => new TextEncoder().encode(s);

describe('validateReading', () => {
  it('accepts a valid reading, attributes it and makes one point per measurement', () => {
    const r = makeReading({ atMs: NOW - 500, bpm: 71, rr: [845, 850] });
    const out = validateReading(encode(r), ctx);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.patientId).toBe(PATIENT);
    expect(out.points.map((p) => [p.idx, p.metric, p.value, p.unit, p.patientId])).toEqual([
      [0, 'heart-rate', 71, '/min', PATIENT],
      [1, 'rr-interval', 845, 'ms', PATIENT],
      [2, 'rr-interval', 850, 'ms', PATIENT],
    ]);
    expect(out.points[0]).toMatchObject({
      readingId: r.id,
      gatewayId: GW,
      deviceAddress: DEV,
      characteristic: '2A37',
      measuredAtMs: NOW - 500,
      receivedAtMs: NOW - 500,
    });
  });

  it('accepts an unassigned device with a null patient', () => {
    const out = validateReading(encode(makeReading({ atMs: NOW, device: { address: DEV_UNASSIGNED } })), ctx);
    expect(out).toMatchObject({ ok: true, patientId: null });
  });

  it('accepts exactly the allowed future skew', () => {
    const out = validateReading(encode(makeReading({ atMs: NOW + MAX_FUTURE_SKEW_MS })), ctx);
    expect(out.ok).toBe(true);
  });

  const oversize = Buffer.alloc(MAX_READING_BYTES + 1, 0x20);
  it.each([
    ['OVERSIZE', oversize],
    ['NOT_UTF8_JSON', bytes('{"schema":')],
    ['NOT_UTF8_JSON', new Uint8Array([0xff, 0xfe, 0x7b])],
    ['SCHEMA', bytes('{"schema":"openward.reading/1"}')],
    ['SCHEMA', encode({ ...makeReading(), measurements: [] })],
    [
      'SCHEMA',
      bytes(
        JSON.stringify({
          ...makeReading(),
          measurements: [{ metric: 'heart-rate', value: 70, unit: 'bpm' }],
        }),
      ),
    ],
    ['GATEWAY_MISMATCH', encode(makeReading({ gatewayId: GW2, device: { address: DEV_OF_GW2 } }))],
    ['UNKNOWN_DEVICE', encode(makeReading({ atMs: NOW, device: { address: 'aa:bb:cc:dd:ee:ff' } }))],
    ['UNKNOWN_DEVICE', encode(makeReading({ atMs: NOW, device: { address: DEV_OF_GW2 } }))],
    ['FUTURE_TIMESTAMP', encode(makeReading({ atMs: NOW + MAX_FUTURE_SKEW_MS + 1 }))],
    ['OUT_OF_RANGE', encode(makeReading({ atMs: NOW, bpm: 0 }))],
    ['OUT_OF_RANGE', encode(makeReading({ atMs: NOW, bpm: 72, rr: [850, 40_000] }))],
  ])('rejects with %s', (code, payload) => {
    const out = validateReading(payload, ctx);
    expect(out).toMatchObject({ ok: false, code });
    if (!out.ok) expect(out.message.length).toBeGreaterThan(0);
  });

  it('rejects a payload whose gatewayId matches the topic but not the authenticated client', () => {
    const out = validateReading(encode(makeReading({ atMs: NOW })), { ...ctx, clientGatewayId: GW2 });
    expect(out).toMatchObject({ ok: false, code: 'GATEWAY_MISMATCH' });
  });

  it('rejects a reading if any one measurement is implausible, naming it but not its value', () => {
    const out = validateReading(encode(makeReading({ atMs: NOW, bpm: 71, rr: [845, 12, 850] })), ctx);
    expect(out).toEqual({
      ok: false,
      code: 'OUT_OF_RANGE',
      message: 'measurements[2] (rr-interval, ms) is outside the plausible range 100–30000',
    });
  });

  it('accepts the range bounds and checks the range of the unit the device reported', () => {
    const [min, max] = PHYSIOLOGICAL_RANGES['heart-rate']['/min'];
    for (const bpm of [min, max])
      expect(validateReading(encode(makeReading({ atMs: NOW, bpm })), ctx).ok).toBe(true);
    const temperature = (value: number, unit: string) =>
      encode({ ...makeReading({ atMs: NOW }), measurements: [{ metric: 'body-temperature', value, unit }] });
    expect(validateReading(temperature(101.3, '[degF]'), ctx).ok).toBe(true);
    expect(validateReading(temperature(101.3, 'Cel'), ctx)).toMatchObject({
      ok: false,
      code: 'OUT_OF_RANGE',
    });
    expect(validateReading(temperature(38.5, 'Cel'), ctx).ok).toBe(true);
    expect(validateReading(temperature(38.5, '[degF]'), ctx)).toMatchObject({
      ok: false,
      code: 'OUT_OF_RANGE',
    });
  });

  it('checks plausibility after the earlier steps: a future implausible reading is FUTURE_TIMESTAMP', () => {
    const future = makeReading({ atMs: NOW + MAX_FUTURE_SKEW_MS + 1, bpm: 0 });
    expect(validateReading(encode(future), ctx)).toMatchObject({ code: 'FUTURE_TIMESTAMP' });
    const unknown = makeReading({ atMs: NOW, bpm: 0, device: { address: 'aa:bb:cc:dd:ee:ff' } });
    expect(validateReading(encode(unknown), ctx)).toMatchObject({ code: 'UNKNOWN_DEVICE' });
  });

  it('finds an implausible measurement exactly when one value is outside its range', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -100, max: 1000 }), { minLength: 1, maxLength: 8 }), (bpms) => {
        const measurements = bpms.map((value) => ({ metric: 'heart-rate' as const, value, unit: '/min' }));
        const [min, max] = PHYSIOLOGICAL_RANGES['heart-rate']['/min'];
        const firstBad = bpms.findIndex((v) => v < min || v > max);
        const msg = implausibleMeasurement(measurements);
        expect(msg === null).toBe(firstBad === -1);
        if (msg !== null) expect(msg.startsWith(`measurements[${firstBad}] `)).toBe(true);
      }),
    );
  });

  it('never throws on random bytes and rejects them with a known code', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (b) => {
        const out = validateReading(b, ctx);
        expect(out.ok).toBe(false);
      }),
    );
  });

  it('never throws on random JSON', () => {
    fc.assert(
      fc.property(fc.json(), (j) => {
        expect(() => validateReading(bytes(j), ctx)).not.toThrow();
      }),
    );
  });
});
