import { readingId, type Measurement, type ReadingV1 } from '@openward/contracts';

/**
 * The fields of a decoded Heart Rate Measurement (0x2A37) the gateway maps to measurements. The codec
 * (`@openward/ble-codecs` `decodeHeartRateMeasurement`) returns more (sensor contact, raw RR in 1/1024 s);
 * everything it returns is kept verbatim in `decoded` (the whole object passed in, not only these fields).
 */
export interface HeartRateDecoded {
  heartRate: number;
  /** RR intervals converted to milliseconds (0x2A37 carries them in units of 1/1024 s). */
  rrIntervalsMs: readonly number[];
  /** Energy expended in kilojoules, when flag bit 3 is set. */
  energyExpended?: number | undefined;
}

export interface HeartRateReadingInput {
  gatewayId: string;
  address: string;
  localName?: string | undefined;
  /** Gateway clock when the notification arrived, epoch ms (see {@link uniqueReceivedAt}). */
  receivedAtMs: number;
  sequence: number;
  bytes: Uint8Array;
  decoded: HeartRateDecoded;
}

const CHARACTERISTIC = '2A37';
const MAX_NAME = 64;

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/**
 * Maps a decoded 0x2A37 notification to an `openward.reading/1`. Pure: the time is an input.
 *
 * Heart-rate straps send no time stamp, so `measuredAt = receivedAt` and `clockOffsetMs = null`; the id
 * key is the receive time in epoch ms, so a redelivered reading keeps its id on every hop.
 */
export function buildHeartRateReading(input: HeartRateReadingInput): ReadingV1 {
  const { decoded } = input;
  const at = new Date(input.receivedAtMs).toISOString();
  const measurements: Measurement[] = [{ metric: 'heart-rate', value: decoded.heartRate, unit: '/min' }];
  if (typeof decoded.energyExpended === 'number') {
    measurements.push({ metric: 'energy-expended', value: decoded.energyExpended, unit: 'kJ' });
  }
  for (const rr of decoded.rrIntervalsMs) measurements.push({ metric: 'rr-interval', value: rr, unit: 'ms' });
  const name = input.localName?.slice(0, MAX_NAME);
  return {
    schema: 'openward.reading/1',
    id: readingId(input.gatewayId, input.address, CHARACTERISTIC, input.receivedAtMs),
    gatewayId: input.gatewayId,
    device: name ? { address: input.address, name } : { address: input.address },
    characteristic: CHARACTERISTIC,
    measuredAt: at,
    receivedAt: at,
    clockOffsetMs: null,
    sequence: input.sequence,
    raw: hex(input.bytes),
    measurements,
    // JSON round trip: drops undefined optional fields so the journal and the wire hold the same object.
    decoded: JSON.parse(JSON.stringify(decoded)) as Record<string, unknown>,
  };
}

/**
 * Receive time used as the reading id key: strictly after the previous one of the same device, so two
 * notifications within one millisecond get distinct ids (ingest keeps one point per id). A clock step
 * backwards of more than `maxNudgeMs` (NTP correction) is taken as is rather than pinning every later
 * reading to the old time.
 */
export function uniqueReceivedAt(previous: number | undefined, now: number, maxNudgeMs = 1_000): number {
  if (previous === undefined || now > previous) return now;
  return previous - now <= maxNudgeMs ? previous + 1 : now;
}

/** Inputs of {@link buildReading}: everything already decided (time, id key, measurements). */
export interface ReadingInput {
  gatewayId: string;
  address: string;
  localName?: string | undefined;
  /** Uppercase UUID16, e.g. `2A35`. */
  characteristic: string;
  /** Stable id key: `seq-N` (glucose), `dev-<epoch ms>` (device time stamp) or the receive time. */
  idKey: number | string;
  measuredAtMs: number;
  receivedAtMs: number;
  clockOffsetMs: number | null;
  clock: { source: 'device' | 'gateway'; status: 'ok' | 'not-set' | 'implausible' };
  sequence: number;
  deviceSequence?: number | undefined;
  intermediate?: boolean | undefined;
  bytes: Uint8Array;
  measurements: Measurement[];
  decoded: unknown;
}

/** Any measurement characteristic → `openward.reading/1`. Pure. */
export function buildReading(input: ReadingInput): ReadingV1 {
  const name = input.localName?.slice(0, MAX_NAME);
  const reading: ReadingV1 = {
    schema: 'openward.reading/1',
    id: readingId(input.gatewayId, input.address, input.characteristic, input.idKey),
    gatewayId: input.gatewayId,
    device: name ? { address: input.address, name } : { address: input.address },
    characteristic: input.characteristic,
    measuredAt: new Date(input.measuredAtMs).toISOString(),
    receivedAt: new Date(input.receivedAtMs).toISOString(),
    clockOffsetMs: input.clockOffsetMs,
    clock: input.clock,
    sequence: input.sequence,
    raw: hex(input.bytes),
    measurements: input.measurements,
    // JSON round trip: drops undefined optional fields so the journal and the wire hold the same object.
    decoded: JSON.parse(JSON.stringify(input.decoded)) as Record<string, unknown>,
  };
  if (input.deviceSequence !== undefined) reading.deviceSequence = input.deviceSequence;
  if (input.intermediate) reading.intermediate = true;
  return reading;
}
