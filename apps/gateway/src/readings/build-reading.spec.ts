import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { decodeHeartRateMeasurement, encodeHeartRateMeasurement } from '@openward/ble-codecs';
import { parseReading, encodeReading } from '@openward/contracts';
import { buildHeartRateReading, uniqueReceivedAt } from './build-reading.js';

function encode(input: Parameters<typeof encodeHeartRateMeasurement>[0]): Uint8Array {
  const r = encodeHeartRateMeasurement(input);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}
function decode(
  bytes: Uint8Array,
): Exclude<ReturnType<typeof decodeHeartRateMeasurement>, { ok: false }>['value'] {
  const r = decodeHeartRateMeasurement(bytes);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

const base = { gatewayId: 'gw-demo-home-1', address: 'c0:ff:ee:00:10:01', localName: 'OW-HRM 1001' };
const at = Date.UTC(2026, 0, 15, 9, 30, 0, 123);

describe('buildHeartRateReading', () => {
  it('maps a 0x2A37 notification with RR intervals to openward.reading/1', () => {
    // flags 0x16: uint8 HR, contact supported+detected, RR present; HR 72; RR 1024 and 512 (1/1024 s).
    const bytes = encode({ heartRate: 72, sensorContact: 'detected', rrIntervals: [1024, 512] });
    const reading = buildHeartRateReading({
      ...base,
      receivedAtMs: at,
      sequence: 41,
      bytes,
      decoded: decode(bytes),
    });
    expect(reading).toMatchObject({
      schema: 'openward.reading/1',
      id: 'gw-demo-home-1:c0:ff:ee:00:10:01:2A37:1768469400123',
      gatewayId: 'gw-demo-home-1',
      device: { address: 'c0:ff:ee:00:10:01', name: 'OW-HRM 1001' },
      characteristic: '2A37',
      measuredAt: '2026-01-15T09:30:00.123Z',
      receivedAt: '2026-01-15T09:30:00.123Z',
      clockOffsetMs: null,
      sequence: 41,
      raw: Buffer.from(bytes).toString('hex'),
    });
    expect(reading.measurements).toEqual([
      { metric: 'heart-rate', value: 72, unit: '/min' },
      { metric: 'rr-interval', value: 1000, unit: 'ms' },
      { metric: 'rr-interval', value: 500, unit: 'ms' },
    ]);
    expect(reading.decoded).toMatchObject({
      heartRate: 72,
      sensorContact: 'detected',
      rrIntervals: [1024, 512],
    });
    expect(parseReading(encodeReading(reading))).toEqual({ ok: true, value: reading });
  });

  it('adds energy expended in kJ when the strap reports it', () => {
    const bytes = encode({ heartRate: 300, energyExpended: 1234 });
    const reading = buildHeartRateReading({
      ...base,
      receivedAtMs: at,
      sequence: 0,
      bytes,
      decoded: decode(bytes),
    });
    expect(reading.measurements).toEqual([
      { metric: 'heart-rate', value: 300, unit: '/min' },
      { metric: 'energy-expended', value: 1234, unit: 'kJ' },
    ]);
    expect('energyExpended' in reading.decoded).toBe(true);
  });

  it('omits the device name when the advert had none and truncates long names', () => {
    const bytes = encode({ heartRate: 60 });
    const unnamed = buildHeartRateReading({
      ...base,
      localName: undefined,
      receivedAtMs: at,
      sequence: 0,
      bytes,
      decoded: decode(bytes),
    });
    expect(unnamed.device).toEqual({ address: base.address });
    const long = buildHeartRateReading({
      ...base,
      localName: 'x'.repeat(100),
      receivedAtMs: at,
      sequence: 0,
      bytes,
      decoded: decode(bytes),
    });
    expect(long.device.name).toHaveLength(64);
  });

  it('always yields a reading that passes the contract schema for any encodable measurement', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffff }),
        fc.option(fc.integer({ min: 0, max: 0xffff }), { nil: undefined }),
        fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 8 }),
        fc.integer({ min: 0, max: 4_102_444_800_000 }),
        fc.nat(),
        (heartRate, energyExpended, rrIntervals, receivedAtMs, sequence) => {
          const bytes = encode({ heartRate, energyExpended, rrIntervals });
          const reading = buildHeartRateReading({
            ...base,
            receivedAtMs,
            sequence,
            bytes,
            decoded: decode(bytes),
          });
          const parsed = parseReading(new TextEncoder().encode(JSON.stringify(reading)));
          return (
            parsed.ok &&
            reading.measurements.length === 1 + (energyExpended === undefined ? 0 : 1) + rrIntervals.length
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('uniqueReceivedAt', () => {
  it('uses the clock when it moved forward', () => {
    expect(uniqueReceivedAt(undefined, 1000)).toBe(1000);
    expect(uniqueReceivedAt(999, 1000)).toBe(1000);
  });
  it('nudges a same-millisecond notification 1 ms past the previous one', () => {
    expect(uniqueReceivedAt(1000, 1000)).toBe(1001);
    expect(uniqueReceivedAt(1001, 1000)).toBe(1002);
  });
  it('follows a large backwards clock step instead of pinning to the old time', () => {
    expect(uniqueReceivedAt(10_000, 5_000)).toBe(5_000);
  });
});
