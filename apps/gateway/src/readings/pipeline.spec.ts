import { describe, it, expect } from '@jest/globals';
import { decodeHeartRateMeasurement, encodeHeartRateMeasurement } from '@openward/ble-codecs';
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
    decodeHeartRate: decodeHeartRateMeasurement,
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
    await journal.append(old);
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
