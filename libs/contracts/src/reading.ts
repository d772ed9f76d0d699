import { z } from 'zod';
import { isUnitOf, METRIC_NAMES, type Metric } from './metrics.js';
import { GATEWAY_ID_PATTERN } from './topics.js';

/** Largest reading message ingest accepts, in bytes (a reading is ~0.5 kB; glucose context a little more). */
export const MAX_READING_BYTES = 8 * 1024;

/** BLE device address as the gateway sees it: six lowercase hex octets separated by colons. */
export const DEVICE_ADDRESS_PATTERN = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;
/** 16-bit GATT characteristic UUID, uppercase hex (e.g. `2A37`). */
export const UUID16_PATTERN = /^[0-9A-F]{4}$/;

const isoUtc = z.iso.datetime({ offset: false, precision: 3 });

export const measurementSchema = z
  .object({
    metric: z.enum(METRIC_NAMES as [Metric, ...Metric[]]),
    value: z.number().finite(),
    unit: z.string().min(1).max(16),
  })
  .strict()
  .refine((m) => isUnitOf(m.metric, m.unit), {
    message: 'unit does not match metric',
    path: ['unit'],
  });

/**
 * One decoded BLE measurement as the gateway publishes it on `openward/v1/gw/{gatewayId}/readings`
 * (schema `openward.reading/1`). Patient-independent: attribution to a patient happens in ingest.
 */
export const readingSchema = z
  .object({
    schema: z.literal('openward.reading/1'),
    /** Stable id (see {@link readingId}); any hop may redeliver, the store keeps one point per id. */
    id: z.string().min(8).max(200),
    gatewayId: z.string().regex(GATEWAY_ID_PATTERN),
    device: z
      .object({
        address: z.string().regex(DEVICE_ADDRESS_PATTERN),
        name: z.string().max(64).optional(),
      })
      .strict(),
    characteristic: z.string().regex(UUID16_PATTERN),
    /** When the measurement was taken (device clock corrected, or gateway receive time if the device has none). */
    measuredAt: isoUtc,
    /** When the gateway received the notification (gateway clock, NTP). */
    receivedAt: isoUtc,
    /** Device clock minus gateway clock in ms, when the device reports its own time; null otherwise. */
    clockOffsetMs: z.number().int().nullable(),
    /**
     * Where `measuredAt` comes from: the device's own clock (corrected by the estimated offset) or the
     * gateway's receive time; `status` flags a device clock that was never set or is implausible.
     * Optional in v1 (absent = gateway time, ok).
     */
    clock: z
      .object({
        source: z.enum(['device', 'gateway']),
        status: z.enum(['ok', 'not-set', 'implausible']),
      })
      .strict()
      .optional(),
    /** The device's own record sequence number when it has one (glucose records, RACP). */
    deviceSequence: z.number().int().nonnegative().optional(),
    /** True for in-progress values (intermediate cuff pressure 0x2A36, intermediate temperature 0x2A1E). */
    intermediate: z.boolean().optional(),
    /** Per device and characteristic, monotonically increasing notification sequence of the gateway. */
    sequence: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    /** The characteristic value as received, lowercase hex, kept for audit. */
    raw: z
      .string()
      .regex(/^([0-9a-f]{2})*$/)
      .max(1024),
    measurements: z.array(measurementSchema).min(1).max(64),
    /** The codec's decoded value with the specification's field names (camelCase). */
    decoded: z.record(z.string(), z.unknown()),
  })
  .strict();

export type ReadingV1 = z.infer<typeof readingSchema>;
export type Measurement = z.infer<typeof measurementSchema>;

/** Why ingest refused a message. Stable codes: documented in docs/mqtt.md, counted in metrics. */
export const REJECT_CODES = {
  OVERSIZE: 'payload larger than MAX_READING_BYTES',
  NOT_UTF8_JSON: 'payload is not UTF-8 JSON',
  SCHEMA: 'payload does not match openward.reading/1',
  GATEWAY_MISMATCH: 'gatewayId in payload differs from the authenticated gateway / topic',
  UNKNOWN_DEVICE: 'device is not registered to this gateway',
  FUTURE_TIMESTAMP: 'measuredAt is more than the allowed skew in the future',
  OUT_OF_RANGE: 'a measurement lies outside its physiological plausibility range (PHYSIOLOGICAL_RANGES)',
} as const;
export type RejectCode = keyof typeof REJECT_CODES;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; code: RejectCode; message: string };

/** Parses and validates a raw MQTT payload as a reading. Total: never throws. */
export function parseReading(payload: Uint8Array): ParseResult<ReadingV1> {
  if (payload.byteLength > MAX_READING_BYTES) {
    return { ok: false, code: 'OVERSIZE', message: `${payload.byteLength} bytes > ${MAX_READING_BYTES}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch (e) {
    return { ok: false, code: 'NOT_UTF8_JSON', message: e instanceof Error ? e.message : String(e) };
  }
  const r = readingSchema.safeParse(json);
  if (!r.success) {
    const first = r.error.issues[0];
    return {
      ok: false,
      code: 'SCHEMA',
      message: first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid',
    };
  }
  return { ok: true, value: r.data };
}

/**
 * Stable reading id: `{gatewayId}:{deviceAddress}:{characteristic}:{key}` where key is the device's own
 * sequence number when it has one (glucose records) or the measurement time in epoch ms.
 * Same measurement ⇒ same id on every hop, so redelivery never creates a second point.
 */
export function readingId(
  gatewayId: string,
  deviceAddress: string,
  characteristic: string,
  key: number | string,
): string {
  return `${gatewayId}:${deviceAddress}:${characteristic.toUpperCase()}:${key}`;
}

/** Serialises a reading for MQTT after validating it (gateways validate before publishing too). */
export function encodeReading(reading: ReadingV1): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(readingSchema.parse(reading)));
}
