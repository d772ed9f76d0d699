import { z } from 'zod';
import { GATEWAY_ID_PATTERN } from './topics.js';
import { DEVICE_ADDRESS_PATTERN } from './reading.js';

const isoUtc = z.iso.datetime({ offset: false, precision: 3 });
const address = z.string().regex(DEVICE_ADDRESS_PATTERN);

/** Device kinds the gateway knows, by the GATT service that identifies them. */
export const DEVICE_KINDS = [
  'heart-rate-strap',
  'pulse-oximeter',
  'blood-pressure-cuff',
  'thermometer',
  'glucose-meter',
  'weight-scale',
  'body-composition-scale',
] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** One device as the gateway reports it in its status. */
export const gatewayDeviceStatusSchema = z
  .object({
    address,
    kind: z.enum(DEVICE_KINDS).nullable(),
    connected: z.boolean(),
    /** Last advert or notification; null if never seen since the gateway started. */
    lastSeenAt: isoUtc.nullable(),
    /** True once the device has not been seen for the configured "not seen" time. */
    missing: z.boolean(),
    batteryLevel: z.number().int().min(0).max(100).nullable(),
    clock: z.enum(['ok', 'not-set', 'implausible', 'none']),
    /** Device clock minus gateway clock, ms, when the device reports time. */
    clockOffsetMs: z.number().int().nullable(),
    info: z
      .object({
        manufacturer: z.string().max(64).optional(),
        model: z.string().max(64).optional(),
        serial: z.string().max(64).optional(),
        firmware: z.string().max(64).optional(),
      })
      .strict(),
  })
  .strict();
export type GatewayDeviceStatus = z.infer<typeof gatewayDeviceStatusSchema>;

/**
 * Retained on `openward/v1/gw/{id}/status` (schema `openward.gateway-status/1`): "online" with stats,
 * republished as a heartbeat every 60 s; the MQTT last will sets "offline".
 */
export const gatewayStatusSchema = z.discriminatedUnion('state', [
  z
    .object({
      schema: z.literal('openward.gateway-status/1'),
      state: z.literal('online'),
      gatewayId: z.string().regex(GATEWAY_ID_PATTERN),
      version: z.string().max(40),
      startedAt: isoUtc,
      at: isoUtc,
      uptimeSeconds: z.number().int().nonnegative(),
      queueDepth: z.number().int().nonnegative(),
      oldestUnsentAgeSeconds: z.number().nonnegative(),
      evicted: z.number().int().nonnegative(),
      configVersion: z.number().int().nonnegative().nullable(),
      devices: z.array(gatewayDeviceStatusSchema),
    })
    .strict(),
  z
    .object({
      schema: z.literal('openward.gateway-status/1'),
      state: z.literal('offline'),
      gatewayId: z.string().regex(GATEWAY_ID_PATTERN),
      /** Absent in the last will (set at connect time, sent by the broker). */
      at: isoUtc.optional(),
    })
    .strict(),
]);
export type GatewayStatus = z.infer<typeof gatewayStatusSchema>;

/**
 * Retained on `openward/v1/gw/{id}/config` (schema `openward.gateway-config/1`), built by the API from the
 * registry and applied by the gateway without a restart. A gateway ignores a config with a lower version.
 */
export const gatewayConfigSchema = z
  .object({
    schema: z.literal('openward.gateway-config/1'),
    version: z.number().int().nonnegative(),
    gatewayId: z.string().regex(GATEWAY_ID_PATTERN),
    /** The device allow-list: only these addresses are connected. */
    devices: z.array(
      z
        .object({
          address,
          kind: z.enum(DEVICE_KINDS),
          /** For polled devices: how often to connect and read (continuous devices ignore it). */
          pollIntervalSeconds: z.number().int().min(10).max(86_400).optional(),
        })
        .strict(),
    ),
    /** Replay rate after an outage, readings per second (live readings always go first). */
    replayRatePerSecond: z.number().int().min(1).max(100_000).optional(),
    /** Seconds without an advert or notification after which a device is reported missing. */
    notSeenAfterSeconds: z
      .number()
      .int()
      .min(10)
      .max(7 * 86_400)
      .optional(),
  })
  .strict();
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

/** Parses a status or config payload; total (never throws). */
export function parseJsonWith<T>(
  schema: z.ZodType<T>,
  payload: Uint8Array,
): { ok: true; value: T } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  const r = schema.safeParse(json);
  if (!r.success) {
    const first = r.error.issues[0];
    return {
      ok: false,
      message: first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid',
    };
  }
  return { ok: true, value: r.data };
}
