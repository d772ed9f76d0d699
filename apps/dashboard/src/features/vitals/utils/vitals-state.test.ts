import { describe, expect, it } from 'vitest';
import { latestVitals, PATIENTS, T0, vitalEvent } from '../../../test/fixtures';
import {
  heartRateFromEvent,
  heartRateFromLatest,
  initialVitalsState,
  vitalsReducer,
  type VitalsState,
} from './vitals-state';

function loaded(): VitalsState {
  return vitalsReducer(initialVitalsState, { type: 'patientsLoaded', patients: PATIENTS });
}
const hrOf = (s: VitalsState, id: string) => s.patients.find((p) => p.patient.id === id)?.heartRate ?? null;

describe('heart rate extraction', () => {
  it('takes value, unit, measuredAt and the last RR interval from a live event', () => {
    const hr = heartRateFromEvent(vitalEvent('p-1001', { bpm: 74, rrMs: [810, 795], measuredAtMs: T0 }));
    expect(hr).toMatchObject({ value: 74, unit: '/min', measuredAtMs: T0, rrIntervalMs: 795 });
  });

  it('returns null for an event without heart rate', () => {
    const ev = vitalEvent('p-1001', { bpm: 74, measuredAtMs: T0 });
    expect(
      heartRateFromEvent({ ...ev, measurements: [{ metric: 'battery-level', value: 80, unit: '%' }] }),
    ).toBeNull();
  });

  it("takes heart rate and the same reading's RR interval from the latest-vitals response", () => {
    expect(
      heartRateFromLatest(latestVitals('p-1001', { bpm: 71, rrMs: 845, measuredAtMs: T0 })),
    ).toMatchObject({
      value: 71,
      measuredAtMs: T0,
      rrIntervalMs: 845,
    });
    expect(heartRateFromLatest(latestVitals('p-1001'))).toBeNull();
  });
});

describe('vitalsReducer', () => {
  it('starts every loaded patient without data and with a pending subscription', () => {
    const s = loaded();
    expect(s.load).toBe('ready');
    expect(s.patients.map((p) => [p.patient.id, p.heartRate, p.subscription.status])).toEqual([
      ['p-1001', null, 'pending'],
      ['p-1002', null, 'pending'],
      ['p-1003', null, 'pending'],
    ]);
  });

  it('applies a newer live event over the REST snapshot', () => {
    let s = vitalsReducer(loaded(), {
      type: 'latestLoaded',
      response: latestVitals('p-1001', { bpm: 70, measuredAtMs: T0 }),
    });
    s = vitalsReducer(s, {
      type: 'vital',
      event: vitalEvent('p-1001', { bpm: 88, rrMs: [680], measuredAtMs: T0 + 1000 }),
    });
    expect(hrOf(s, 'p-1001')).toMatchObject({ value: 88, measuredAtMs: T0 + 1000, rrIntervalMs: 680 });
  });

  it('ignores an out-of-order (older) event and returns the same state object', () => {
    const s1 = vitalsReducer(loaded(), {
      type: 'vital',
      event: vitalEvent('p-1001', { bpm: 90, measuredAtMs: T0 + 5000 }),
    });
    const s2 = vitalsReducer(s1, {
      type: 'vital',
      event: vitalEvent('p-1001', { bpm: 60, measuredAtMs: T0 + 2000 }),
    });
    expect(s2).toBe(s1);
    expect(hrOf(s2, 'p-1001')).toMatchObject({ value: 90, measuredAtMs: T0 + 5000 });
  });

  it('ignores a redelivered event and an older catch-up snapshot', () => {
    const ev = vitalEvent('p-1002', { bpm: 77, measuredAtMs: T0 + 3000 });
    const s1 = vitalsReducer(loaded(), { type: 'vital', event: ev });
    expect(vitalsReducer(s1, { type: 'vital', event: ev })).toBe(s1);
    const catchUp = latestVitals('p-1002', { bpm: 70, measuredAtMs: T0 });
    expect(hrOf(vitalsReducer(s1, { type: 'latestLoaded', response: catchUp }), 'p-1002')?.value).toBe(77);
  });

  it('ignores events for patients not on the board', () => {
    const s = loaded();
    const ev = { ...vitalEvent('p-1001', { bpm: 70, measuredAtMs: T0 }), patientId: 'p-9999' };
    expect(vitalsReducer(s, { type: 'vital', event: ev })).toBe(s);
  });

  it('records subscription acks, including refusals', () => {
    let s = vitalsReducer(loaded(), { type: 'subscription', patientId: 'p-1001', ack: { ok: true } });
    s = vitalsReducer(s, {
      type: 'subscription',
      patientId: 'p-1003',
      ack: { ok: false, code: 'FORBIDDEN' },
    });
    expect(s.patients.map((p) => p.subscription)).toEqual([
      { status: 'subscribed' },
      { status: 'pending' },
      { status: 'failed', code: 'FORBIDDEN' },
    ]);
  });

  it('tracks the connection status', () => {
    const s = vitalsReducer(loaded(), { type: 'connection', status: 'reconnecting' });
    expect(s.connection).toBe('reconnecting');
    expect(vitalsReducer(s, { type: 'connection', status: 'reconnecting' })).toBe(s);
  });
});
