import { describe, expect, it } from '@jest/globals';
import { topics } from '@openward/contracts';
import fc from 'fast-check';
import { encodeJson, liveReadingFactory } from '../../test/live-fixtures.js';
import { MAX_LIVE_MESSAGE_BYTES, parseLiveMessage } from './live-message.js';

const topic = topics.liveReadings('p-1001');

describe('parseLiveMessage', () => {
  it('maps a LiveReading to the VitalEvent with the same ids, times and measurements', () => {
    const live = liveReadingFactory('p-1001', 81);
    expect(parseLiveMessage(topic, encodeJson(live))).toEqual({
      ok: true,
      event: {
        patientId: 'p-1001',
        readingId: live.reading.id,
        deviceAddress: 'c0:ff:ee:00:10:01',
        characteristic: '2A37',
        measuredAt: '2026-11-25T08:40:00.000Z',
        receivedAt: '2026-11-25T08:40:00.000Z',
        storedAt: '2026-11-25T08:40:00.040Z',
        measurements: [
          { metric: 'heart-rate', value: 81, unit: '/min' },
          { metric: 'rr-interval', value: 1000, unit: 'ms' },
        ],
      },
    });
  });

  it.each([
    ['NOT_UTF8_JSON', topic, new TextEncoder().encode('{"schema":')],
    ['NOT_UTF8_JSON', topic, new Uint8Array([0xff, 0xfe])],
    ['SCHEMA', topic, encodeJson({ ...liveReadingFactory('p-1001', 70), schema: 'openward.live-reading/2' })],
    ['SCHEMA', topic, encodeJson({ ...liveReadingFactory('p-1001', 70), extra: 1 })],
    ['TOPIC_MISMATCH', topic, encodeJson(liveReadingFactory('p-1003', 70))],
    ['TOPIC_MISMATCH', topic, encodeJson({ ...liveReadingFactory('p-1001', 70), patientId: null })],
    [
      'UNASSIGNED',
      topics.liveUnassigned,
      encodeJson({ ...liveReadingFactory('p-1001', 70), patientId: null }),
    ],
    ['UNKNOWN_TOPIC', 'openward/v1/live/other', encodeJson(liveReadingFactory('p-1001', 70))],
    ['OVERSIZE', topic, new Uint8Array(MAX_LIVE_MESSAGE_BYTES + 1)],
  ])('rejects with %s', (code, t, payload) => {
    expect(parseLiveMessage(t, payload)).toEqual({ ok: false, code });
  });

  it('never throws and never accepts arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (b) => {
        expect(parseLiveMessage(topic, b).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary JSON or topics', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.jsonValue(),
        (t, v) => typeof parseLiveMessage(t, encodeJson(v)).ok === 'boolean',
      ),
      { numRuns: 2000 },
    );
  });
});
