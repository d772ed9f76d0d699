/**
 * Device faults the control API can inject (`POST /devices/{address}/fault`), their parsing, and the
 * byte-level corruptions. Out of range is a radio matter and keeps its own endpoint (`/range`).
 *
 * - `malformed` / `truncated`: the next `count` measurement notifications are corrupted (see
 *   {@link applyByteFault} and {@link malform}): the encoder's output, then deliberately damaged.
 * - `clock-not-set` (`clear: true` sets it again) / `clock-drift` `{seconds}`: the device clock.
 * - `low-battery` `{level}` (default 5 %).
 * - `duplicate-record`: the next transfer sends one record twice (glucose RACP) or the next spot
 *   measurement is indicated twice.
 * - `disconnect-mid-transfer` `{afterNotifications?}`: the next multi-notification transfer (RACP
 *   records, BP inflation series) drops the link after that many notifications (default: half).
 * - `clear`: disarms every pending one-shot fault.
 */
export const FAULTS = [
  'malformed',
  'truncated',
  'clock-not-set',
  'clock-drift',
  'low-battery',
  'duplicate-record',
  'disconnect-mid-transfer',
  'clear',
] as const;
export type FaultName = (typeof FAULTS)[number];

export type FaultRequest =
  | { fault: 'malformed' | 'truncated' | 'duplicate-record'; count: number }
  | { fault: 'clock-not-set'; clear: boolean }
  | { fault: 'clock-drift'; seconds: number }
  | { fault: 'low-battery'; level: number }
  | { fault: 'disconnect-mid-transfer'; afterNotifications?: number }
  | { fault: 'clear' };

/** Pending one-shot faults of a device. */
export interface FaultState {
  malformed: number;
  truncated: number;
  duplicate: number;
  disconnectArmed: boolean;
  disconnectAfter: number | null;
}

export function initialFaults(): FaultState {
  return { malformed: 0, truncated: 0, duplicate: 0, disconnectArmed: false, disconnectAfter: null };
}

const int = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Validates a control-API fault body; the message names the bad field. */
export function parseFault(
  body: Record<string, unknown>,
): { ok: true; value: FaultRequest } | { ok: false; message: string } {
  const fault = body['fault'];
  if (typeof fault !== 'string' || !(FAULTS as readonly string[]).includes(fault)) {
    return { ok: false, message: `"fault" must be one of ${FAULTS.join(', ')}` };
  }
  switch (fault as FaultName) {
    case 'malformed':
    case 'truncated':
    case 'duplicate-record': {
      const count = body['count'] ?? 1;
      if (!int(count, 1, 1000)) return { ok: false, message: '"count" must be an integer from 1 to 1000' };
      return { ok: true, value: { fault: fault as 'malformed', count } };
    }
    case 'clock-not-set': {
      const clear = body['clear'] ?? false;
      if (typeof clear !== 'boolean') return { ok: false, message: '"clear" must be a boolean' };
      return { ok: true, value: { fault: 'clock-not-set', clear } };
    }
    case 'clock-drift': {
      const seconds = body['seconds'];
      if (!int(seconds, -10 * 365 * 86_400, 10 * 365 * 86_400)) {
        return { ok: false, message: '"seconds" must be an integer (device clock minus true time)' };
      }
      return { ok: true, value: { fault: 'clock-drift', seconds } };
    }
    case 'low-battery': {
      const level = body['level'] ?? 5;
      if (!int(level, 0, 100)) return { ok: false, message: '"level" must be an integer from 0 to 100' };
      return { ok: true, value: { fault: 'low-battery', level } };
    }
    case 'disconnect-mid-transfer': {
      const after = body['afterNotifications'];
      if (after !== undefined && !int(after, 0, 65535)) {
        return { ok: false, message: '"afterNotifications" must be a non-negative integer' };
      }
      return {
        ok: true,
        value:
          after === undefined
            ? { fault: 'disconnect-mid-transfer' }
            : { fault: 'disconnect-mid-transfer', afterNotifications: after },
      };
    }
    case 'clear':
      return { ok: true, value: { fault: 'clear' } };
  }
}

/** The codec error a malformed notification of each characteristic must produce (see {@link malform}). */
export type ExpectedCodecError = 'MALFORMED' | 'OUT_OF_RANGE' | 'TRUNCATED';

/**
 * Where a measurement's 7-octet date time sits (GSS §3.70) and the flag that announces it, for the
 * characteristics whose time stamp the malformed fault corrupts. 0x2A18's base time is mandatory.
 */
const TIME_STAMP_AT: Record<string, { offset: number; flag: number }> = {
  '2a35': { offset: 7, flag: 0x02 }, // flags(1) + systolic/diastolic/MAP SFLOATs(6); flags bit 1
  '2a1c': { offset: 5, flag: 0x02 }, // flags(1) + FLOAT(4); flags bit 1
  '2a5e': { offset: 5, flag: 0x01 }, // flags(1) + SpO2/PR SFLOATs(4); flags bit 0
  '2a18': { offset: 3, flag: 0 }, // flags(1) + sequence number(2); always present
};

/**
 * Damages encoder output on purpose.
 * - truncated: the last octet is cut, so the final field the flags announce is incomplete (every
 *   simulated measurement ends with a multi-octet field) → TRUNCATED.
 * - malformed: see {@link malform}.
 */
export function applyByteFault(
  kind: 'malformed' | 'truncated',
  characteristic: string,
  bytes: Uint8Array,
): Uint8Array {
  if (kind === 'truncated') return bytes.slice(0, Math.max(1, bytes.length - 1));
  return malform(characteristic, bytes).bytes;
}

/**
 * A well-sized value whose content breaks the specification, and the code the codecs answer with:
 * - 0x2A36: the unused Diastolic sub-field carries a number instead of NaN (BLS §3.2) → MALFORMED;
 * - 0x2A9D: weight "measurement unsuccessful" (0xFFFF) with BMI and height (WSS §3.2.1.2) → MALFORMED;
 * - 0x2A9C: body fat "measurement unsuccessful" with other fields (BCS §3.2.1.2) → MALFORMED;
 * - 0x2A35, 0x2A1C, 0x2A5E (with a time stamp) and 0x2A18: month 13 in the date time → OUT_OF_RANGE;
 * - anything else: the flags announce every optional field while the body stays as encoded (a firmware
 *   writing the wrong flags) → TRUNCATED.
 */
export function malform(
  characteristic: string,
  bytes: Uint8Array,
): { bytes: Uint8Array; expected: ExpectedCodecError } {
  const out = bytes.slice();
  const flags = out[0] ?? 0;
  if (characteristic === '2a36' && out.length >= 5) {
    out[3] = 0x00;
    out[4] = 0x00;
    return { bytes: out, expected: 'MALFORMED' };
  }
  if (characteristic === '2a9d' && (flags & 0x08) !== 0 && out.length >= 3) {
    out[1] = 0xff;
    out[2] = 0xff;
    return { bytes: out, expected: 'MALFORMED' };
  }
  if (characteristic === '2a9c' && out.length >= 4 && ((flags | ((out[1] ?? 0) << 8)) & 0x0ff8) !== 0) {
    out[2] = 0xff;
    out[3] = 0xff;
    return { bytes: out, expected: 'MALFORMED' };
  }
  const ts = TIME_STAMP_AT[characteristic];
  if (ts && (ts.flag === 0 || (flags & ts.flag) !== 0) && out.length >= ts.offset + 7) {
    out[ts.offset + 2] = 13; // the month octet
    return { bytes: out, expected: 'OUT_OF_RANGE' };
  }
  out[0] = 0xff;
  return { bytes: out, expected: 'TRUNCATED' };
}
