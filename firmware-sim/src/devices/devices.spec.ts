import { describe, expect, it } from '@jest/globals';
import { decodeCharacteristic, rrIntervalToMs } from '@openward/ble-codecs';
import { fieldsOf } from '../clock.js';
import { UUID } from '../gatt/layout.js';
import { parseDevice } from '../world-config.js';
import { cuffPressures } from './blood-pressure-cuff.js';
import { createDevice } from './create-device.js';
import type { SimDevice, Step, WriteContext } from './device.js';
import { applyByteFault, malform, parseFault, type FaultRequest } from './faults.js';
import type { GlucoseMeter } from './glucose-meter.js';
import type { HeartRateStrap } from './heart-rate-strap.js';

const T0 = Date.UTC(2026, 10, 2, 10, 0, 0);

function device(kind: string, extra: Record<string, unknown> = {}): SimDevice {
  return createDevice(
    parseDevice({ address: 'c0:ff:ee:00:30:01', localName: 'Dev', kind, seed: 9, ...extra }, 0),
    T0,
  );
}

/** Decodes a step's emission with the codec registry; fails the test when it does not decode. */
function decode(step: Step | undefined): Record<string, unknown> {
  const e = step?.emission;
  if (!e) throw new Error('no emission');
  const r = decodeCharacteristic(e.characteristic.toUpperCase(), e.bytes);
  if (!r.ok) throw new Error(`${e.characteristic}: ${r.code} ${r.message}`);
  return r.value as unknown as Record<string, unknown>;
}

function measure(d: SimDevice, overrides: Record<string, unknown> = {}, at = T0): Step[] {
  const r = d.measure(at, overrides);
  if (!r.ok) throw new Error(r.message);
  return r.steps;
}

const num = (v: unknown): number | undefined =>
  typeof v === 'object' && v !== null && 'value' in v ? (v as { value: number }).value : undefined;

const ctx = (subscribed: string[], busy = false): WriteContext => ({
  simNow: T0,
  busy,
  subscribed: (c) => subscribed.includes(c),
});

const racp = (...bytes: number[]): Uint8Array => Uint8Array.from(bytes);

describe('blood pressure cuff', () => {
  it('inflates to systolic + 30 and deflates past diastolic − 10', () => {
    const { inflate, deflate } = cuffPressures(150, 90);
    expect(inflate[0]).toBe(0);
    expect(inflate.at(-1)).toBe(180);
    expect(deflate.at(-1)).toBe(80);
    expect(deflate.every((p, i) => i === 0 || p < (deflate[i - 1] ?? Infinity))).toBe(true);
  });

  it('sends intermediate cuff pressures, then one measurement with time stamp, pulse and status', () => {
    const steps = measure(device('blood-pressure-cuff'), { systolic: 142, diastolic: 91, pulseRate: 77 });
    const cuff = steps.slice(0, -1).map((s) => num(decode(s)['currentCuffPressure']));
    expect(
      steps.slice(0, -1).every((s) => s.emission?.characteristic === UUID.intermediateCuffPressure),
    ).toBe(true);
    expect(cuff).toEqual([...cuffPressures(142, 91).inflate, ...cuffPressures(142, 91).deflate]);
    const final = decode(steps.at(-1));
    expect(steps.at(-1)?.emission?.characteristic).toBe(UUID.bloodPressureMeasurement);
    expect(num(final['systolic'])).toBe(142);
    expect(num(final['diastolic'])).toBe(91);
    expect(num(final['meanArterialPressure'])).toBe(108);
    expect(num(final['pulseRate'])).toBe(77);
    expect(final['unit']).toBe('mmHg');
    expect((final['timeStamp'] as { year: number }).year).toBe(2026);
    expect(final['measurementStatus']).toMatchObject({ irregularPulseDetected: false });
  });

  it('flags an irregular pulse in atrial fibrillation and reaches crisis values in a hypertensive crisis', () => {
    const af = decode(measure(device('blood-pressure-cuff', { scenario: 'atrial-fibrillation' })).at(-1));
    expect(af['measurementStatus']).toMatchObject({ irregularPulseDetected: true });
    const crisis = decode(measure(device('blood-pressure-cuff', { scenario: 'hypertensive-crisis' })).at(-1));
    expect(num(crisis['systolic'])).toBeGreaterThanOrEqual(180);
    expect(num(crisis['diastolic'])).toBeGreaterThanOrEqual(120);
  });

  it('rejects overrides out of range or diastolic above systolic', () => {
    const d = device('blood-pressure-cuff');
    expect(d.measure(T0, { systolic: 'high' })).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    expect(d.measure(T0, { systolic: 90, diastolic: 100 })).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
  });
});

describe('thermometer', () => {
  it('notifies rising intermediate temperatures, then indicates the result with time stamp and type', () => {
    const steps = measure(device('thermometer'), { temperatureC: 38.9 });
    expect(steps.map((s) => s.emission?.characteristic)).toEqual(['2a1e', '2a1e', '2a1e', '2a1c']);
    const values = steps.map((s) => num(decode(s)['temperatureMeasurementValue']));
    expect(values).toEqual([37.7, 38.4, 38.75, 38.9]);
    const final = decode(steps.at(-1));
    expect(final).toMatchObject({ unit: 'Cel', temperatureType: { name: 'ear', code: 3 } });
    expect(final['timeStamp']).toEqual(fieldsOf(T0 + 3 * 700));
  });

  it('reads its type and measurement interval', () => {
    const d = device('thermometer', { measureIntervalSeconds: 3600 });
    expect(d.read(UUID.temperatureType, T0)).toEqual({ ok: true, value: Uint8Array.of(3) });
    expect(d.read(UUID.measurementInterval, T0)).toEqual({ ok: true, value: Uint8Array.of(0x10, 0x0e) });
  });

  it('reports ≥ 38.5 °C in the fever scenario', () => {
    const final = decode(measure(device('thermometer', { scenario: 'fever' })).at(-1));
    expect(num(final['temperatureMeasurementValue'])).toBeGreaterThanOrEqual(38.5);
  });
});

describe('pulse oximeter', () => {
  it('notifies continuous SpO2, pulse rate and PAI on each tick', () => {
    const v = decode({ emission: device('pulse-oximeter').tick(T0)[0] } as Step);
    const normal = v['spo2PrNormal'] as { spo2: unknown; pr: unknown };
    expect(num(normal.spo2)).toBeGreaterThanOrEqual(93);
    expect(num(normal.pr)).toBeGreaterThan(40);
    expect(num(v['pulseAmplitudeIndex'])).toBeGreaterThan(0);
  });

  it('indicates a spot-check with the values asked for; a clock that is not set is flagged', () => {
    const d = device('pulse-oximeter', { clockSet: false });
    const v = decode(measure(d, { spo2: 88, pulseRate: 112, pulseAmplitudeIndex: 3.2 }).at(-1));
    expect(num((v['spo2PrSpotCheck'] as { spo2: unknown }).spo2)).toBe(88);
    expect(num((v['spo2PrSpotCheck'] as { pr: unknown }).pr)).toBe(112);
    expect(num(v['pulseAmplitudeIndex'])).toBe(3.2);
    expect(v['deviceClockNotSet']).toBe(true);
    expect(v['timestamp']).toMatchObject({ year: 0, month: 0, day: 0 });
  });

  it('falls to about 85 % in a hypoxia episode', () => {
    const d = device('pulse-oximeter', { scenario: 'hypoxia-episode' });
    const later = T0 + 10 * 60_000;
    const v = decode(measure(d, {}, later).at(-1));
    expect(num((v['spo2PrSpotCheck'] as { spo2: unknown }).spo2)).toBeLessThanOrEqual(88);
  });
});

describe('scales', () => {
  it('weight scale: weight, BMI and height in SI with a time stamp', () => {
    const v = decode(measure(device('weight-scale'), { weightKg: 81.235, heightM: 1.8 }).at(-1));
    expect(v).toMatchObject({ measurementUnits: 'SI', weight: 81.235, height: 1.8, bmi: 25.1 });
    expect((v['timeStamp'] as { year: number }).year).toBe(2026);
  });

  it('weight scale: heart-failure weight gain shows ≥ 2 kg after 3 days', () => {
    const d = device('weight-scale', { scenario: 'heart-failure-weight-gain' });
    const w0 = decode(measure(d, {}, T0).at(-1))['weight'] as number;
    const w3 = decode(measure(d, {}, T0 + 3 * 86_400_000).at(-1))['weight'] as number;
    expect(w3 - w0).toBeGreaterThanOrEqual(2);
  });

  it('body composition scale: body fat, basal metabolism, impedance, weight and height', () => {
    const steps = measure(device('body-composition-scale'), {
      bodyFatPercent: 27.4,
      weightKg: 90,
      heightM: 1.7,
      impedanceOhm: 480.5,
      basalMetabolismKj: 7600,
    });
    expect(steps.at(-1)?.emission?.bytes.length).toBeLessThanOrEqual(20);
    expect(decode(steps.at(-1))).toMatchObject({
      bodyFatPercentage: 27.4,
      weight: 90,
      height: 1.7,
      impedance: 480.5,
      basalMetabolism: 7600,
    });
  });
});

describe('glucose meter', () => {
  const meter = (extra: Record<string, unknown> = {}): GlucoseMeter =>
    device('glucose-meter', { storedRecords: 3, ...extra }) as GlucoseMeter;

  it('starts with its history and stores new results with the next sequence number, unsent', () => {
    const m = meter();
    expect(m.storedRecords().map((r) => r.sequenceNumber)).toEqual([1, 2, 3]);
    const r = m.measure(T0, { glucoseMmolL: 3.1, meal: 'fasting' });
    expect(r).toMatchObject({ ok: true, steps: [] });
    expect(m.storedRecords().at(-1)).toMatchObject({
      sequenceNumber: 4,
      mmolL: 3.1,
      context: { meal: 'fasting' },
    });
  });

  it('serves RACP "≥ sequence": those records as 2a18 (+2a34), then the success response', () => {
    const m = meter();
    m.measure(T0, { glucoseMmolL: 6.2, meal: 'postprandial' });
    const out = m.write(UUID.racp, racp(0x01, 0x03, 0x01, 0x03, 0x00), ctx([UUID.racp]));
    if (!out.ok) throw new Error(out.message);
    const chars = out.steps.map((s) => s.emission?.characteristic);
    expect(chars.filter((c) => c === '2a18')).toHaveLength(2);
    expect(chars.at(-1)).toBe('2a52');
    const records = out.steps.filter((s) => s.emission?.characteristic === '2a18').map((s) => decode(s));
    expect(records.map((r) => r['sequenceNumber'])).toEqual([3, 4]);
    expect(records[1]).toMatchObject({
      concentrationMmolPerL: 6.2,
      unit: 'mol/L',
      contextInformationFollows: true,
    });
    const context = out.steps.filter((s) => s.emission?.characteristic === '2a34').map((s) => decode(s));
    expect(context.at(-1)).toMatchObject({ sequenceNumber: 4, meal: 'postprandial' });
    expect(decode(out.steps.at(-1))).toEqual({
      opCode: 'response-code',
      operator: 'null',
      requestOpCode: 'report-stored-records',
      responseCode: 'success',
    });
  });

  it('needs RACP indications enabled, refuses a second procedure while busy, but accepts abort', () => {
    const m = meter();
    expect(m.write(UUID.racp, racp(0x01, 0x01), ctx([]))).toMatchObject({ ok: false, code: 'GATT_ERROR' });
    expect(m.write(UUID.racp, racp(0x01, 0x01), ctx([UUID.racp], true))).toMatchObject({
      ok: false,
      code: 'GATT_ERROR',
      message: expect.stringContaining('already in progress'),
    });
    const abort = m.write(UUID.racp, racp(0x03, 0x00), ctx([UUID.racp], true));
    expect(abort).toMatchObject({ ok: true, cancelTransfer: true });
    expect(abort.ok && decode(abort.steps[0])).toMatchObject({
      requestOpCode: 'abort-operation',
      responseCode: 'success',
    });
  });

  it('answers an unsupported op code with its response code', () => {
    const out = meter().write(UUID.racp, racp(0x07), ctx([UUID.racp]));
    expect(out.ok && decode(out.steps[0])).toMatchObject({
      requestOpCode: 7,
      responseCode: 'op-code-not-supported',
    });
  });

  it('sends one record twice under the duplicate-record fault', () => {
    const m = meter();
    m.applyFault({ fault: 'duplicate-record', count: 1 }, T0);
    const out = m.write(UUID.racp, racp(0x01, 0x01), ctx([UUID.racp]));
    const seqs = out.ok
      ? out.steps.filter((s) => s.emission?.characteristic === '2a18').map((s) => decode(s)['sequenceNumber'])
      : [];
    expect(seqs).toEqual([1, 1, 2, 3]);
  });

  it('stamps records with year 0 and the time-fault annunciation when the clock is not set', () => {
    const m = meter();
    m.applyFault({ fault: 'clock-not-set', clear: false }, T0);
    m.measure(T0 + 90_000, {});
    const last = m.storedRecords().at(-1);
    expect(last?.baseTime).toMatchObject({ year: 0, month: 0, day: 0, hours: 0, minutes: 1, seconds: 30 });
    expect(last?.status.timeFault).toBe(true);
  });

  it('reads glucose < 3.9 mmol/L in hypoglycaemia', () => {
    const m = meter({ scenario: 'hypoglycaemia' });
    m.measure(T0 + 60_000, {});
    expect(m.storedRecords().at(-1)?.mmolL).toBeLessThan(3.9);
  });
});

describe('heart-rate strap', () => {
  it('sends irregular RR intervals in atrial fibrillation and regular ones when stable', () => {
    const rmssdRatio = (scenario: string): number => {
      const strap = device('heart-rate-strap', { scenario, baselineBpm: 70 }) as HeartRateStrap;
      const rr: number[] = [];
      for (let i = 0; i < 300; i++)
        rr.push(...strap.nextMeasurement(T0 + i * 1000).sample.measurement.rrIntervals.map(rrIntervalToMs));
      const diffs = rr.slice(1).map((x, i) => (x - (rr[i] ?? x)) ** 2);
      const mean = rr.reduce((a, b) => a + b, 0) / rr.length;
      return Math.sqrt(diffs.reduce((a, b) => a + b, 0) / diffs.length) / mean;
    };
    expect(rmssdRatio('atrial-fibrillation')).toBeGreaterThan(0.2);
    expect(rmssdRatio('stable')).toBeLessThan(0.08);
  });
});

describe('device services and faults', () => {
  it('serves Current Time from its clock, drifted on demand', () => {
    const d = device('weight-scale');
    const before = decodeCharacteristic(
      '2A2B',
      (d.read(UUID.currentTime, T0) as { value: Uint8Array }).value,
    );
    expect(before.ok && before.value.dateTime).toEqual(fieldsOf(T0));
    const r = d.applyFault({ fault: 'clock-drift', seconds: -3600 }, T0);
    expect(r.ok && r.emissions.map((e) => e.characteristic)).toEqual(['2a2b']);
    const after = decodeCharacteristic('2A2B', (d.read(UUID.currentTime, T0) as { value: Uint8Array }).value);
    expect(after.ok && after.value.dateTime).toEqual(fieldsOf(T0 - 3_600_000));
  });

  it('has no clock service and refuses clock faults on a strap', () => {
    const d = device('heart-rate-strap');
    expect(d.gatt.map((s) => s.uuid)).toEqual(['180d', '180f', '180a']);
    expect(d.applyFault({ fault: 'clock-drift', seconds: 5 }, T0)).toMatchObject({
      ok: false,
      code: 'NOT_SUPPORTED',
    });
  });

  it('drains the battery over simulated time and drops to the low-battery level on demand', () => {
    const d = device('pulse-oximeter');
    const start = d.batteryLevel;
    d.tick(T0);
    d.tick(T0 + 10 * 3_600_000);
    expect(d.batteryLevel).toBeLessThanOrEqual(start - 7);
    d.applyFault({ fault: 'low-battery', level: 4 }, T0);
    expect(d.batteryLevel).toBe(4);
    expect(
      decodeCharacteristic('2A19', (d.read(UUID.batteryLevel, T0) as { value: Uint8Array }).value),
    ).toMatchObject({
      ok: true,
      value: { level: 4 },
    });
  });

  it('corrupts exactly the next measurement notification with malformed / truncated faults', () => {
    const d = device('thermometer');
    const final = measure(d, {}).at(-1)?.emission;
    if (!final) throw new Error('no emission');
    d.applyFault({ fault: 'truncated', count: 1 }, T0);
    const cut = d.outgoing(final);
    expect(cut.fault).toBe('truncated');
    expect(cut.bytes).toEqual(final.bytes.slice(0, -1));
    expect(d.outgoing(final).bytes).toEqual(final.bytes); // one-shot
    expect(d.outgoing({ ...final, measurement: false }).fault).toBeUndefined();
  });

  it.each([
    ['blood-pressure-cuff', '2a36', 'MALFORMED', 0],
    ['blood-pressure-cuff', '2a35', 'OUT_OF_RANGE', -1],
    ['thermometer', '2a1e', 'TRUNCATED', 0],
    ['thermometer', '2a1c', 'OUT_OF_RANGE', -1],
    ['pulse-oximeter', '2a5e', 'OUT_OF_RANGE', -1],
    ['weight-scale', '2a9d', 'MALFORMED', -1],
    ['body-composition-scale', '2a9c', 'MALFORMED', -1],
  ])(
    'a malformed %s %s notification is rejected with %s; a truncated one with TRUNCATED',
    (kind, chr, code, index) => {
      const e = measure(device(kind)).at(index)?.emission;
      expect(e?.characteristic).toBe(chr);
      if (!e) return;
      const bad = malform(e.characteristic, e.bytes);
      expect(bad.expected).toBe(code);
      expect(decodeCharacteristic(chr.toUpperCase(), bad.bytes)).toMatchObject({ ok: false, code });
      expect(
        decodeCharacteristic(chr.toUpperCase(), applyByteFault('truncated', chr, e.bytes)),
      ).toMatchObject({
        ok: false,
        code: 'TRUNCATED',
      });
    },
  );

  it.each([
    [{ fault: 'nope' }, '"fault" must be one of'],
    [{ fault: 'clock-drift' }, '"seconds"'],
    [{ fault: 'low-battery', level: 101 }, '"level"'],
    [{ fault: 'malformed', count: 0 }, '"count"'],
    [{ fault: 'disconnect-mid-transfer', afterNotifications: -1 }, '"afterNotifications"'],
    [{ fault: 'clock-not-set', clear: 'yes' }, '"clear"'],
  ])('rejects the fault body %p', (body, message) => {
    const r = parseFault(body);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.message).toContain(message);
  });

  it('parses fault bodies with their defaults', () => {
    const cases: Array<[Record<string, unknown>, FaultRequest]> = [
      [{ fault: 'malformed' }, { fault: 'malformed', count: 1 }],
      [{ fault: 'low-battery' }, { fault: 'low-battery', level: 5 }],
      [{ fault: 'clock-not-set' }, { fault: 'clock-not-set', clear: false }],
      [
        { fault: 'disconnect-mid-transfer', afterNotifications: 2 },
        { fault: 'disconnect-mid-transfer', afterNotifications: 2 },
      ],
    ];
    for (const [body, value] of cases) expect(parseFault(body)).toEqual({ ok: true, value });
  });
});
