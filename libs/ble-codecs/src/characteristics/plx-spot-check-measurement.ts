/**
 * PLX Spot-check Measurement, UUID 0x2A5E (Pulse Oximeter Service v1.0.1 §3.1; GSS v8 §3.171).
 * Little-endian:
 *
 *   Flags (uint8) | SpO2PR-Spot-Check: SpO2 (SFLOAT, %), PR (SFLOAT, /min) | Timestamp (date time, opt)
 *   | Measurement Status (16-bit, opt) | Device and Sensor Status (24-bit, opt)
 *   | Pulse Amplitude Index (SFLOAT, %, opt)
 */
import { ByteReader, ByteWriter } from '../bytes.js';
import type { MedFloat, MedFloatInput } from '../medfloat.js';
import { CODEC_ERROR, fail, ok, type CodecResult } from '../result.js';
import type { CharacteristicCodec } from './codec.js';
import { decodeDateTimeFields, encodeDateTimeFields, type DateTimeFields } from './date-time.js';
import { checkLength } from './fields.js';
import {
  PLX_UNITS,
  plxTailFlags,
  readPlxTail,
  readSpo2Pr,
  writePlxTail,
  writeSpo2Pr,
  type PlxDeviceAndSensorStatus,
  type PlxMeasurementStatus,
  type PlxTailFlags,
  type Spo2Pr,
  type Spo2PrInput,
} from './plx-fields.js';

export const PLX_SPOT_CHECK_MEASUREMENT_UUID16 = '2A5E';

// GSS §3.171.1 Flags field.
const FLAG_TIMESTAMP = 0x01; // bit 0: Timestamp field present
const FLAG_MEASUREMENT_STATUS = 0x02; // bit 1: Measurement Status field present
const FLAG_DEVICE_SENSOR_STATUS = 0x04; // bit 2: Device and Sensor Status field present
const FLAG_PULSE_AMPLITUDE_INDEX = 0x08; // bit 3: Pulse Amplitude Index field present
const FLAG_DEVICE_CLOCK_NOT_SET = 0x10; // bit 4: Device Clock is Not Set
// bits 5–7: RFU — ignored when decoding, written as 0.

const TAIL_FLAGS: PlxTailFlags = {
  measurementStatus: FLAG_MEASUREMENT_STATUS,
  deviceAndSensorStatus: FLAG_DEVICE_SENSOR_STATUS,
  pulseAmplitudeIndex: FLAG_PULSE_AMPLITUDE_INDEX,
};

/** A decoded PLX Spot-check Measurement. */
export interface PlxSpotCheckMeasurement {
  spo2PrSpotCheck: Spo2Pr;
  /** Timestamp (flags bit 0); `undefined` when absent. */
  timestamp: DateTimeFields | undefined;
  /** Measurement Status (flags bit 1); `undefined` when absent. */
  measurementStatus: PlxMeasurementStatus | undefined;
  /** Device and Sensor Status (flags bit 2); `undefined` when absent. */
  deviceAndSensorStatus: PlxDeviceAndSensorStatus | undefined;
  /** Pulse Amplitude Index, % (flags bit 3); `undefined` when absent. */
  pulseAmplitudeIndex: MedFloat | undefined;
  /** Flags bit 4: the device clock is not set, so a Timestamp (if any) is not a real date. */
  deviceClockNotSet: boolean;
  units: typeof PLX_UNITS;
}

/** What the encoder accepts; a decoded value is also a valid input. */
export interface PlxSpotCheckMeasurementInput {
  spo2PrSpotCheck: Spo2PrInput;
  timestamp?: DateTimeFields | undefined;
  measurementStatus?: Partial<PlxMeasurementStatus> | undefined;
  deviceAndSensorStatus?: Partial<PlxDeviceAndSensorStatus> | undefined;
  pulseAmplitudeIndex?: MedFloatInput | undefined;
  /** Default false. */
  deviceClockNotSet?: boolean;
}

const truncated = (what: string) => fail(CODEC_ERROR.TRUNCATED, `0x2A5E: ${what} missing`);

/**
 * Decodes a PLX Spot-check Measurement. Total. Missing octets → TRUNCATED; Timestamp field out of range →
 * OUT_OF_RANGE; RFU bits and octets after the last flagged field are ignored.
 */
export function decodePlxSpotCheckMeasurement(bytes: Uint8Array): CodecResult<PlxSpotCheckMeasurement> {
  const r = new ByteReader(bytes);
  const flags = r.uint8();
  if (flags === undefined) return truncated('Flags field (empty value)');
  const needed =
    5 +
    ((flags & FLAG_TIMESTAMP) !== 0 ? 7 : 0) +
    ((flags & FLAG_MEASUREMENT_STATUS) !== 0 ? 2 : 0) +
    ((flags & FLAG_DEVICE_SENSOR_STATUS) !== 0 ? 3 : 0) +
    ((flags & FLAG_PULSE_AMPLITUDE_INDEX) !== 0 ? 2 : 0);
  const short = checkLength(bytes, needed, '0x2A5E', flags);
  if (short) return short;
  const spo2PrSpotCheck = readSpo2Pr(r);
  if (spo2PrSpotCheck === undefined) return truncated('SpO2PR-Spot-Check field (2 × SFLOAT)');

  // flags bit 0: Timestamp present.
  let timestamp: DateTimeFields | undefined;
  if ((flags & FLAG_TIMESTAMP) !== 0) {
    const ts = decodeDateTimeFields(r, '0x2A5E Timestamp');
    if (!ts.ok) return ts;
    timestamp = ts.value;
  }
  // flags bits 1–3: Measurement Status (16-bit), Device and Sensor Status (24-bit), Pulse Amplitude Index.
  const rest = readPlxTail(r, flags, TAIL_FLAGS);
  if (!rest.ok) return truncated(rest.missing);
  const { measurementStatus, deviceAndSensorStatus, pulseAmplitudeIndex } = rest.tail;
  return ok({
    spo2PrSpotCheck,
    timestamp,
    measurementStatus,
    deviceAndSensorStatus,
    pulseAmplitudeIndex,
    // flags bit 4: Device Clock is Not Set.
    deviceClockNotSet: (flags & FLAG_DEVICE_CLOCK_NOT_SET) !== 0,
    units: PLX_UNITS,
  });
}

/** Encodes a PLX Spot-check Measurement; an invalid Timestamp → OUT_OF_RANGE. */
export function encodePlxSpotCheckMeasurement(value: PlxSpotCheckMeasurementInput): CodecResult<Uint8Array> {
  let flags = value.deviceClockNotSet === true ? FLAG_DEVICE_CLOCK_NOT_SET : 0;
  let timestamp: Uint8Array | undefined;
  if (value.timestamp !== undefined) {
    const ts = encodeDateTimeFields(value.timestamp, '0x2A5E Timestamp');
    if (!ts.ok) return ts;
    timestamp = ts.value;
    flags |= FLAG_TIMESTAMP;
  }
  flags |= plxTailFlags(value, TAIL_FLAGS);

  const w = new ByteWriter().uint8(flags);
  writeSpo2Pr(w, value.spo2PrSpotCheck);
  if (timestamp !== undefined) w.raw(timestamp);
  writePlxTail(w, value);
  return ok(w.toBytes());
}

/** Registry entry for 0x2A5E. */
export const plxSpotCheckMeasurementCodec: CharacteristicCodec<
  PlxSpotCheckMeasurement,
  PlxSpotCheckMeasurementInput
> = {
  uuid16: PLX_SPOT_CHECK_MEASUREMENT_UUID16,
  name: 'PLX Spot-check Measurement',
  decode: decodePlxSpotCheckMeasurement,
  encode: encodePlxSpotCheckMeasurement,
};
