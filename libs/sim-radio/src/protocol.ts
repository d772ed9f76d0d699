import { z } from 'zod';

/**
 * The simulated radio protocol (version 1): newline-delimited JSON over a local TCP socket between
 * `firmware-sim` (the "air" with its peripherals) and the gateway's noble binding (the "controller").
 * It mirrors what an HCI controller offers a BLE central: advertising reports while scanning, connect /
 * disconnect, GATT discovery, reads, writes, and notifications. Bytes travel as lowercase hex.
 *
 * - Requests (central → radio) carry a client-chosen `id`; the radio answers each with exactly one
 *   response `{ id, ok: true, result }` or `{ id, ok: false, code, message }`.
 * - Events (radio → central) carry `ev` and are unsolicited: adverts, notifications, disconnections.
 *   `disconnected` is sent only when the radio drops a link by itself (e.g. out of range), never in
 *   answer to a `disconnect` request, whose response already confirms it.
 * UUIDs are lowercase hex without dashes (`'180d'`, `'2a37'`), as noble uses them.
 */
export const SIM_RADIO_PROTOCOL_VERSION = 1 as const;

/** Longest line either side accepts; a longer one is a protocol error and the line is dropped. */
export const MAX_LINE_BYTES = 64 * 1024;

const address = z.string().regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
const uuid = z.string().regex(/^[0-9a-f]{4}([0-9a-f]{28})?$/);
const hex = z.string().regex(/^([0-9a-f]{2})*$/);
const id = z.number().int().nonnegative();

export const GATT_PROPERTIES = ['read', 'write', 'writeWithoutResponse', 'notify', 'indicate'] as const;

export const requestSchema = z.discriminatedUnion('op', [
  z.object({ id, op: z.literal('hello'), version: z.number().int() }),
  z.object({ id, op: z.literal('scan'), on: z.boolean(), serviceUuids: z.array(uuid).optional() }),
  z.object({ id, op: z.literal('connect'), address }),
  z.object({ id, op: z.literal('disconnect'), address }),
  z.object({ id, op: z.literal('discover'), address }),
  z.object({ id, op: z.literal('read'), address, service: uuid, characteristic: uuid }),
  z.object({
    id,
    op: z.literal('write'),
    address,
    service: uuid,
    characteristic: uuid,
    data: hex,
    withoutResponse: z.boolean(),
  }),
  z.object({ id, op: z.literal('subscribe'), address, service: uuid, characteristic: uuid, on: z.boolean() }),
]);
export type RadioRequest = z.infer<typeof requestSchema>;
export type RadioOp = RadioRequest['op'];

export const characteristicInfoSchema = z.object({
  uuid,
  properties: z.array(z.enum(GATT_PROPERTIES)),
});
export const serviceInfoSchema = z.object({ uuid, characteristics: z.array(characteristicInfoSchema) });
export type ServiceInfo = z.infer<typeof serviceInfoSchema>;

/** Result payloads per op (what `result` holds in an ok response). */
export interface RadioResults {
  hello: { version: number; radio: string };
  scan: Record<string, never>;
  connect: Record<string, never>;
  disconnect: Record<string, never>;
  discover: { services: ServiceInfo[] };
  read: { data: string };
  write: Record<string, never>;
  subscribe: Record<string, never>;
}

/** Error codes a radio answers with. Stable. */
export const RADIO_ERROR_CODES = [
  'BAD_REQUEST',
  'NOT_FOUND',
  'NOT_CONNECTED',
  'ALREADY_CONNECTED',
  'OUT_OF_RANGE',
  'NOT_SUPPORTED',
  'GATT_ERROR',
] as const;
export type RadioErrorCode = (typeof RADIO_ERROR_CODES)[number];

export const responseSchema = z.union([
  z.object({ id, ok: z.literal(true), result: z.record(z.string(), z.unknown()) }),
  z.object({ id, ok: z.literal(false), code: z.enum(RADIO_ERROR_CODES), message: z.string() }),
]);
export type RadioResponse = z.infer<typeof responseSchema>;

export const eventSchema = z.discriminatedUnion('ev', [
  z.object({
    ev: z.literal('advert'),
    address,
    addressType: z.enum(['public', 'random']),
    connectable: z.boolean(),
    rssi: z.number().int(),
    localName: z.string().optional(),
    serviceUuids: z.array(uuid),
    manufacturerData: hex.optional(),
  }),
  z.object({ ev: z.literal('notification'), address, service: uuid, characteristic: uuid, data: hex }),
  z.object({ ev: z.literal('disconnected'), address, reason: z.string() }),
]);
export type RadioEvent = z.infer<typeof eventSchema>;

export type Parsed<T> =
  { ok: true; value: T } | { ok: false; code: 'BAD_JSON' | 'BAD_MESSAGE'; message: string };

function parseWith<T>(schema: z.ZodType<T>, line: string): Parsed<T> {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (e) {
    return { ok: false, code: 'BAD_JSON', message: e instanceof Error ? e.message : String(e) };
  }
  const r = schema.safeParse(json);
  if (!r.success) return { ok: false, code: 'BAD_MESSAGE', message: r.error.issues[0]?.message ?? 'invalid' };
  return { ok: true, value: r.data };
}

/** Parses one line received by the radio. Total: never throws. */
export const parseRequest = (line: string): Parsed<RadioRequest> => parseWith(requestSchema, line);

/** Parses one line received by the central: a response or an event. Total: never throws. */
export function parseRadioMessage(
  line: string,
): Parsed<{ kind: 'response'; response: RadioResponse } | { kind: 'event'; event: RadioEvent }> {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (e) {
    return { ok: false, code: 'BAD_JSON', message: e instanceof Error ? e.message : String(e) };
  }
  if (typeof json === 'object' && json !== null && 'ev' in json) {
    const r = eventSchema.safeParse(json);
    return r.success
      ? { ok: true, value: { kind: 'event', event: r.data } }
      : { ok: false, code: 'BAD_MESSAGE', message: r.error.issues[0]?.message ?? 'invalid event' };
  }
  const r = responseSchema.safeParse(json);
  return r.success
    ? { ok: true, value: { kind: 'response', response: r.data } }
    : { ok: false, code: 'BAD_MESSAGE', message: r.error.issues[0]?.message ?? 'invalid response' };
}

/** Serialises one message as a protocol line (with the trailing newline). */
export function encodeLine(message: RadioRequest | RadioResponse | RadioEvent): string {
  return `${JSON.stringify(message)}\n`;
}

/**
 * Splits a byte stream into lines. Feed it chunks; it returns complete lines and keeps the remainder.
 * A line longer than {@link MAX_LINE_BYTES} is discarded and reported through `onOversize`.
 */
export class LineSplitter {
  private buffer = '';
  private discarding = false;

  constructor(private readonly onOversize: (length: number) => void = () => undefined) {}

  push(chunk: string): string[] {
    this.buffer += chunk;
    const lines: string[] = [];
    let nl = this.buffer.indexOf('\n');
    while (nl !== -1) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      if (this.discarding) this.discarding = false;
      else if (line.length > MAX_LINE_BYTES) this.onOversize(line.length);
      else if (line.length > 0) lines.push(line);
      nl = this.buffer.indexOf('\n');
    }
    if (this.buffer.length > MAX_LINE_BYTES) {
      this.onOversize(this.buffer.length);
      this.buffer = '';
      this.discarding = true;
    }
    return lines;
  }
}

/** Hex helpers shared by both ends. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}
export function fromHex(hexString: string): Uint8Array {
  const out = new Uint8Array(hexString.length >>> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hexString.slice(i * 2, i * 2 + 2), 16);
  return out;
}
