/**
 * PLX Continuous Measurement, UUID 0x2A5F (Pulse Oximeter Service v1.0.1 §3.2; GSS v8 §3.172).
 * Little-endian:
 *
 *   Flags (uint8) | SpO2PR-Normal (2 × SFLOAT) | SpO2PR-Fast (2 × SFLOAT, opt) | SpO2PR-Slow (2 × SFLOAT,
 *   opt) | Measurement Status (16-bit, opt) | Device and Sensor Status (24-bit, opt)
 *   | Pulse Amplitude Index (SFLOAT, %, opt)
 *
 * There is no time stamp: a continuous measurement is "now" at the receiver.
 */
import { ByteReader, ByteWriter } from '../bytes.js';
import type { MedFloat, MedFloatInput } from '../medfloat.js';
import { CODEC_ERROR, fail, ok, type CodecResult } from '../result.js';
import type { CharacteristicCodec } from './codec.js';
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

export const PLX_CONTINUOUS_MEASUREMENT_UUID16 = '2A5F';

// GSS §3.172.1 Flags field.
const FLAG_FAST = 0x01; // bit 0: SpO2PR-Fast field present
const FLAG_SLOW = 0x02; // bit 1: SpO2PR-Slow field present
const FLAG_MEASUREMENT_STATUS = 0x04; // bit 2: Measurement Status field present
const FLAG_DEVICE_SENSOR_STATUS = 0x08; // bit 3: Device and Sensor Status field present
const FLAG_PULSE_AMPLITUDE_INDEX = 0x10; // bit 4: Pulse Amplitude Index field present
// bits 5–7: RFU — ignored when decoding, written as 0.

const TAIL_FLAGS: PlxTailFlags = {
  measurementStatus: FLAG_MEASUREMENT_STATUS,
  deviceAndSensorStatus: FLAG_DEVICE_SENSOR_STATUS,
  pulseAmplitudeIndex: FLAG_PULSE_AMPLITUDE_INDEX,
};

/** A decoded PLX Continuous Measurement. */
export interface PlxContinuousMeasurement {
  spo2PrNormal: Spo2Pr;
  /** SpO2PR-Fast (flags bit 0); `undefined` when absent. */
  spo2PrFast: Spo2Pr | undefined;
  /** SpO2PR-Slow (flags bit 1); `undefined` when absent. */
  spo2PrSlow: Spo2Pr | undefined;
  /** Measurement Status (flags bit 2); `undefined` when absent. */
  measurementStatus: PlxMeasurementStatus | undefined;
  /** Device and Sensor Status (flags bit 3); `undefined` when absent. */
  deviceAndSensorStatus: PlxDeviceAndSensorStatus | undefined;
  /** Pulse Amplitude Index, % (flags bit 4); `undefined` when absent. */
  pulseAmplitudeIndex: MedFloat | undefined;
  units: typeof PLX_UNITS;
}

/** What the encoder accepts; a decoded value is also a valid input. */
export interface PlxContinuousMeasurementInput {
  spo2PrNormal: Spo2PrInput;
  spo2PrFast?: Spo2PrInput | undefined;
  spo2PrSlow?: Spo2PrInput | undefined;
  measurementStatus?: Partial<PlxMeasurementStatus> | undefined;
  deviceAndSensorStatus?: Partial<PlxDeviceAndSensorStatus> | undefined;
  pulseAmplitudeIndex?: MedFloatInput | undefined;
}

const truncated = (what: string) => fail(CODEC_ERROR.TRUNCATED, `0x2A5F: ${what} missing`);

/**
 * Decodes a PLX Continuous Measurement. Total. Missing octets → TRUNCATED; RFU bits and octets after the
 * last flagged field are ignored. (No field of this characteristic has a forbidden value.)
 */
export function decodePlxContinuousMeasurement(bytes: Uint8Array): CodecResult<PlxContinuousMeasurement> {
  const r = new ByteReader(bytes);
  const flags = r.uint8();
  if (flags === undefined) return truncated('Flags field (empty value)');
  const needed =
    5 +
    ((flags & FLAG_FAST) !== 0 ? 4 : 0) +
    ((flags & FLAG_SLOW) !== 0 ? 4 : 0) +
    ((flags & FLAG_MEASUREMENT_STATUS) !== 0 ? 2 : 0) +
    ((flags & FLAG_DEVICE_SENSOR_STATUS) !== 0 ? 3 : 0) +
    ((flags & FLAG_PULSE_AMPLITUDE_INDEX) !== 0 ? 2 : 0);
  const short = checkLength(bytes, needed, '0x2A5F', flags);
  if (short) return short;
  const spo2PrNormal = readSpo2Pr(r);
  if (spo2PrNormal === undefined) return truncated('SpO2PR-Normal field (2 × SFLOAT)');
  // flags bit 0: SpO2PR-Fast present.
  let spo2PrFast: Spo2Pr | undefined;
  if ((flags & FLAG_FAST) !== 0) {
    spo2PrFast = readSpo2Pr(r);
    if (spo2PrFast === undefined) return truncated('SpO2PR-Fast field (flags bit 0)');
  }
  // flags bit 1: SpO2PR-Slow present.
  let spo2PrSlow: Spo2Pr | undefined;
  if ((flags & FLAG_SLOW) !== 0) {
    spo2PrSlow = readSpo2Pr(r);
    if (spo2PrSlow === undefined) return truncated('SpO2PR-Slow field (flags bit 1)');
  }
  // flags bits 2–4: Measurement Status (16-bit), Device and Sensor Status (24-bit), Pulse Amplitude Index.
  const rest = readPlxTail(r, flags, TAIL_FLAGS);
  if (!rest.ok) return truncated(rest.missing);
  const { measurementStatus, deviceAndSensorStatus, pulseAmplitudeIndex } = rest.tail;
  return ok({
    spo2PrNormal,
    spo2PrFast,
    spo2PrSlow,
    measurementStatus,
    deviceAndSensorStatus,
    pulseAmplitudeIndex,
    units: PLX_UNITS,
  });
}

/** Encodes a PLX Continuous Measurement; flags follow from which optional fields are defined. Total. */
export function encodePlxContinuousMeasurement(
  value: PlxContinuousMeasurementInput,
): CodecResult<Uint8Array> {
  let flags = 0;
  if (value.spo2PrFast !== undefined) flags |= FLAG_FAST;
  if (value.spo2PrSlow !== undefined) flags |= FLAG_SLOW;
  flags |= plxTailFlags(value, TAIL_FLAGS);
  const w = new ByteWriter().uint8(flags);
  writeSpo2Pr(w, value.spo2PrNormal);
  if (value.spo2PrFast !== undefined) writeSpo2Pr(w, value.spo2PrFast);
  if (value.spo2PrSlow !== undefined) writeSpo2Pr(w, value.spo2PrSlow);
  writePlxTail(w, value);
  return ok(w.toBytes());
}

/** Registry entry for 0x2A5F. */
export const plxContinuousMeasurementCodec: CharacteristicCodec<
  PlxContinuousMeasurement,
  PlxContinuousMeasurementInput
> = {
  uuid16: PLX_CONTINUOUS_MEASUREMENT_UUID16,
  name: 'PLX Continuous Measurement',
  decode: decodePlxContinuousMeasurement,
  encode: encodePlxContinuousMeasurement,
};
