import { describe, it, expect } from '@jest/globals';
import { encodeCharacteristic, encodeHeartRateMeasurement } from '@openward/ble-codecs';
import { pino } from 'pino';
import { MemoryJournal } from '../journal/memory-journal.js';
import type { JournalEntry } from '../journal/journal-port.js';
import { GatewayMetrics } from '../metrics.js';
import { NotificationPipeline } from './pipeline.js';
import { makeReading } from '../../test/fixtures.js';

const address = 'c0:ff:ee:00:10:01';

function hrBytes(heartRate: number): Uint8Array {
  const r = encodeHeartRateMeasurement({ heartRate });
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

function setup(journal = new MemoryJournal()) {
  const metrics = new GatewayMetrics();
  const journaled: JournalEntry[] = [];
  const pipeline = new NotificationPipeline({
    gatewayId: 'gw-test-1',
    journal,
    onJournaled: (e) => journaled.push(e),
    metrics,
    logger: pino({ level: 'silent' }),
  });
  return { pipeline, journal, metrics, journaled };
}

const note = (bytes: Uint8Array, receivedAt: number) => ({
  address,
  localName: 'OW-HRM 1001',
  characteristic: '2a37',
  bytes,
  receivedAt,
});

describe('NotificationPipeline', () => {
  it('journals decoded notifications with consecutive sequences and unique ids', async () => {
    const { pipeline, journal, journaled } = setup();
    pipeline.handle(note(hrBytes(70), 5_000));
    pipeline.handle(note(hrBytes(71), 5_000)); // same millisecond
    pipeline.handle(note(hrBytes(72), 6_000));
    await pipeline.drain();
    const readings = journal.pending(10).map((e) => e.reading);
    expect(readings.map((r) => r.sequence)).toEqual([0, 1, 2]);
    expect(readings.map((r) => r.measurements[0]?.value)).toEqual([70, 71, 72]);
    expect(readings.map((r) => r.receivedAt)).toEqual([
      '1970-01-01T00:00:05.000Z',
      '1970-01-01T00:00:05.001Z',
      '1970-01-01T00:00:06.000Z',
    ]);
    expect(new Set(readings.map((r) => r.id)).size).toBe(3);
    expect(journaled).toHaveLength(3);
  });

  it('resumes the sequence after the journal high-water mark (restart)', async () => {
    const journal = new MemoryJournal();
    const old = makeReading(41, { address, gatewayId: 'gw-test-1' });
    await journal.append(old, { priority: 'continuous' });
    await journal.remove(old.id);
    const { pipeline } = setup(journal);
    pipeline.handle(note(hrBytes(80), 9_000));
    await pipeline.drain();
    expect(journal.pending(10).map((e) => e.reading.sequence)).toEqual([42]);
  });

  it('counts undecodable bytes by codec code and does not journal them', async () => {
    const { pipeline, journal, metrics } = setup();
    pipeline.handle(note(new Uint8Array([]), 1_000));
    pipeline.handle(note(new Uint8Array([0x01, 0x48]), 2_000)); // uint16 format flag, one byte left
    await pipeline.drain();
    expect(journal.size()).toBe(0);
    const counter = await metrics.decodeErrors.get();
    expect(counter.values).toEqual([{ labels: { code: 'TRUNCATED' }, value: 2 }]);
  });
});

function enc<U extends Parameters<typeof encodeCharacteristic>[0]>(
  uuid: U,
  value: Parameters<typeof encodeCharacteristic<U>>[1],
): Uint8Array {
  const r = encodeCharacteristic(uuid, value);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

const meter = 'c0:ff:ee:00:50:01';
const ts = { year: 2026, month: 11, day: 20, hours: 7, minutes: 45, seconds: 0 };
const glucoseNote = (bytes: Uint8Array, characteristic: string, receivedAt: number) => ({
  address: meter,
  localName: 'OW-GLU',
  characteristic,
  bytes,
  receivedAt,
  live: false,
});

describe('NotificationPipeline, every profile', () => {
  it('journals a glucose record with its context as one reading with a stable sequence id', async () => {
    const { pipeline, journal } = setup();
    const record = pipeline.handle(
      glucoseNote(
        enc('2A18', {
          sequenceNumber: 7,
          baseTime: ts,
          glucoseConcentration: { kind: 'number', mantissa: 110, exponent: -5 },
          unit: 'kg/L',
          type: 'capillary-whole-blood',
          sampleLocation: 'finger',
          contextInformationFollows: true,
        }),
        '2a18',
        Date.UTC(2026, 10, 25, 9, 0, 0),
      ),
    );
    const context = pipeline.handle(
      glucoseNote(
        enc('2A34', { sequenceNumber: 7, meal: 'preprandial' }),
        '2a34',
        Date.UTC(2026, 10, 25, 9, 0, 0, 5),
      ),
    );
    expect(await record).toBe(true);
    expect(await context).toBe(true);
    const [entry, ...rest] = journal.pending(10);
    expect(rest).toHaveLength(0);
    expect(entry?.priority).toBe('spot');
    expect(entry?.reading).toMatchObject({
      id: `gw-test-1:${meter}:2A18:seq-7`,
      characteristic: '2A18',
      deviceSequence: 7,
      measuredAt: '2026-11-20T07:45:00.000Z',
      receivedAt: '2026-11-25T09:00:00.000Z',
      clockOffsetMs: null,
      clock: { source: 'device', status: 'ok' },
      measurements: [{ metric: 'glucose', value: 110, unit: 'mg/dL' }],
    });
    expect((entry?.reading.decoded as { context?: { meal?: string } }).context?.meal).toBe('preprandial');
  });

  it('journals a record whose announced context never comes once the wait ends', async () => {
    const metrics = new GatewayMetrics();
    const journal = new MemoryJournal();
    const pipeline = new NotificationPipeline({
      gatewayId: 'gw-test-1',
      journal,
      onJournaled: () => undefined,
      metrics,
      logger: pino({ level: 'silent' }),
      contextWaitMs: 10,
    });
    const ok = await pipeline.handle(
      glucoseNote(
        enc('2A18', {
          sequenceNumber: 8,
          baseTime: ts,
          glucoseConcentration: 0.001,
          unit: 'kg/L',
          type: 'capillary-whole-blood',
          sampleLocation: 'finger',
          contextInformationFollows: true,
        }),
        '2a18',
        Date.UTC(2026, 10, 25, 9, 0, 0),
      ),
    );
    expect(ok).toBe(true);
    expect(journal.pending(10).map((e) => e.reading.measurements)).toEqual([
      [{ metric: 'glucose', value: 100, unit: 'mg/dL' }],
    ]);
  });

  it('gives intermediate values continuous priority and receive-time ids, spot values device-time ids', async () => {
    const { pipeline, journal } = setup();
    const cuff = 'c0:ff:ee:00:60:01';
    const rx = Date.UTC(2026, 10, 20, 7, 45, 1);
    await pipeline.handle({
      address: cuff,
      localName: undefined,
      characteristic: '2a36',
      bytes: enc('2A36', { unit: 'mmHg', currentCuffPressure: 160, timeStamp: ts }),
      receivedAt: rx,
    });
    await pipeline.handle({
      address: cuff,
      localName: undefined,
      characteristic: '2a35',
      bytes: enc('2A35', {
        unit: 'mmHg',
        systolic: 120,
        diastolic: 80,
        meanArterialPressure: 93,
        timeStamp: ts,
      }),
      receivedAt: rx + 500,
    });
    const [i, m] = journal.pending(10);
    expect(i?.priority).toBe('continuous');
    expect(i?.reading).toMatchObject({ intermediate: true, id: `gw-test-1:${cuff}:2A36:${rx}` });
    expect(m?.priority).toBe('spot');
    expect(m?.reading.id).toBe(`gw-test-1:${cuff}:2A35:dev-${Date.UTC(2026, 10, 20, 7, 45, 0)}`);
    expect(m?.reading.clock).toEqual({ source: 'device', status: 'ok' });
    expect(m?.reading.clockOffsetMs).toBe(-1500);
    expect(pipeline.clockOf(cuff)).toEqual({ status: 'ok', offsetMs: -1500 });
  });

  it('does not publish a value without any numeric measurement, and counts it', async () => {
    const { pipeline, journal, metrics } = setup();
    const ok = await pipeline.handle({
      address,
      localName: undefined,
      characteristic: '2a1c',
      bytes: enc('2A1C', { unit: 'Cel', temperatureMeasurementValue: { kind: 'nan' } }),
      receivedAt: 1_000,
    });
    expect(ok).toBe(false);
    expect(journal.size()).toBe(0);
    expect((await metrics.readingsDropped.get()).values).toEqual([
      { labels: { reason: 'no-numeric-measurement' }, value: 1 },
    ]);
    expect((await metrics.specialValues.get()).values).toEqual([
      { labels: { characteristic: '2A1C' }, value: 1 },
    ]);
  });

  it('times a PLX spot-check from a device whose clock is not set by the gateway', async () => {
    const { pipeline, journal } = setup();
    await pipeline.handle({
      address,
      localName: undefined,
      characteristic: '2a5e',
      bytes: enc('2A5E', { spo2PrSpotCheck: { spo2: 96, pr: 70 }, timestamp: ts, deviceClockNotSet: true }),
      receivedAt: 5_000_000,
    });
    expect(journal.pending(1)[0]?.reading).toMatchObject({
      measuredAt: new Date(5_000_000).toISOString(),
      clockOffsetMs: null,
      clock: { source: 'gateway', status: 'not-set' },
    });
  });
});
