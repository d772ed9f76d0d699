/**
 * Fields shared by PLX Spot-check Measurement (0x2A5E) and PLX Continuous Measurement (0x2A5F) (Pulse
 * Oximeter Service (PLXS) v1.0.1 §3.1–3.2; GSS v8 §3.171–3.172): the SpO2/PR pair, the 16-bit Measurement
 * Status and the 24-bit Device and Sensor Status bit fields.
 */
import type { ByteReader, ByteWriter } from '../bytes.js';
import type { MedFloat, MedFloatInput } from '../medfloat.js';
import { readSfloat, writeSfloat } from './fields.js';

/** An SpO2PR field: SpO2 (SFLOAT, %) then PR (SFLOAT, beats per minute). */
export interface Spo2Pr {
  spo2: MedFloat;
  pr: MedFloat;
}

/** Encoder input for an SpO2PR field. */
export interface Spo2PrInput {
  spo2: MedFloatInput;
  pr: MedFloatInput;
}

/** Units of the PLX fields, named for the caller (UCUM). */
export const PLX_UNITS = { spo2: '%', pr: '/min', pulseAmplitudeIndex: '%' } as const;

/**
 * Measurement Status (16-bit) bits, GSS v8 §3.171.2 / PLXS v1.0.1 §3.1.1.3: bits 0–4 RFU (ignored when
 * decoding, written as 0), then one flag per bit from bit 5.
 */
export const PLX_MEASUREMENT_STATUS_BITS = {
  measurementOngoing: 5,
  earlyEstimatedData: 6,
  validatedData: 7,
  fullyQualifiedData: 8,
  dataFromMeasurementStorage: 9,
  dataForDemonstration: 10,
  dataForTesting: 11,
  calibrationOngoing: 12,
  measurementUnavailable: 13,
  questionableMeasurementDetected: 14,
  invalidMeasurementDetected: 15,
} as const;

/**
 * Device and Sensor Status (24-bit) bits, GSS v8 §3.171.3 / PLXS v1.0.1 §3.1.1.4: bits 0–15 defined,
 * bits 16–23 RFU (ignored when decoding, written as 0).
 */
export const PLX_DEVICE_AND_SENSOR_STATUS_BITS = {
  extendedDisplayUpdateOngoing: 0,
  equipmentMalfunctionDetected: 1,
  signalProcessingIrregularityDetected: 2,
  inadequateSignalDetected: 3,
  poorSignalDetected: 4,
  lowPerfusionDetected: 5,
  erraticSignalDetected: 6,
  nonpulsatileSignalDetected: 7,
  questionablePulseDetected: 8,
  signalAnalysisOngoing: 9,
  sensorInterferenceDetected: 10,
  sensorUnconnectedToUser: 11,
  unknownSensorConnected: 12,
  sensorDisplaced: 13,
  sensorMalfunctioning: 14,
  sensorDisconnected: 15,
} as const;

export type PlxMeasurementStatus = Record<keyof typeof PLX_MEASUREMENT_STATUS_BITS, boolean>;
export type PlxDeviceAndSensorStatus = Record<keyof typeof PLX_DEVICE_AND_SENSOR_STATUS_BITS, boolean>;

function bitsToObject<K extends string>(raw: number, bits: Record<K, number>): Record<K, boolean> {
  const out = {} as Record<K, boolean>;
  for (const key of Object.keys(bits) as K[]) out[key] = (raw & (1 << bits[key])) !== 0;
  return out;
}

function objectToBits<K extends string>(value: Partial<Record<K, boolean>>, bits: Record<K, number>): number {
  let raw = 0;
  for (const key of Object.keys(bits) as K[]) if (value[key] === true) raw |= 1 << bits[key];
  return raw;
}

/** Decodes a Measurement Status raw value (RFU bits dropped). */
export function plxMeasurementStatusOf(raw: number): PlxMeasurementStatus {
  return bitsToObject(raw, PLX_MEASUREMENT_STATUS_BITS);
}

/** Encodes a Measurement Status; omitted flags are false. */
export function plxMeasurementStatusRaw(v: Partial<PlxMeasurementStatus>): number {
  return objectToBits(v, PLX_MEASUREMENT_STATUS_BITS);
}

/** Decodes a Device and Sensor Status raw value (RFU bits dropped). */
export function plxDeviceAndSensorStatusOf(raw: number): PlxDeviceAndSensorStatus {
  return bitsToObject(raw, PLX_DEVICE_AND_SENSOR_STATUS_BITS);
}

/** Encodes a Device and Sensor Status; omitted flags are false. */
export function plxDeviceAndSensorStatusRaw(v: Partial<PlxDeviceAndSensorStatus>): number {
  return objectToBits(v, PLX_DEVICE_AND_SENSOR_STATUS_BITS);
}

/** Reads an SpO2PR pair, or `undefined` when fewer than four octets are left. */
export function readSpo2Pr(r: ByteReader): Spo2Pr | undefined {
  if (r.remaining < 4) return undefined;
  return { spo2: readSfloat(r) as MedFloat, pr: readSfloat(r) as MedFloat };
}

/** Writes an SpO2PR pair. */
export function writeSpo2Pr(w: ByteWriter, v: Spo2PrInput): void {
  writeSfloat(w, v.spo2);
  writeSfloat(w, v.pr);
}

/** Reads a uint24 (Device and Sensor Status), or `undefined` when fewer than three octets are left. */
export function readUint24(r: ByteReader): number | undefined {
  if (r.remaining < 3) return undefined;
  const lo = r.uint16() as number;
  return lo + (r.uint8() as number) * 0x10000;
}

/** Writes a uint24 little-endian. */
export function writeUint24(w: ByteWriter, v: number): void {
  w.uint16(v & 0xffff).uint8((v >>> 16) & 0xff);
}

/**
 * Flag masks of the three optional fields that end both PLX measurements, in this order: Measurement Status
 * (16-bit), Device and Sensor Status (24-bit), Pulse Amplitude Index (SFLOAT). Their bits differ: 1–3 in
 * 0x2A5E, 2–4 in 0x2A5F.
 */
export interface PlxTailFlags {
  measurementStatus: number;
  deviceAndSensorStatus: number;
  pulseAmplitudeIndex: number;
}

/** The decoded trailing fields; each is undefined when its flag is clear. */
export interface PlxTail {
  measurementStatus: PlxMeasurementStatus | undefined;
  deviceAndSensorStatus: PlxDeviceAndSensorStatus | undefined;
  pulseAmplitudeIndex: MedFloat | undefined;
}

/** Encoder input for the trailing fields. */
export interface PlxTailInput {
  measurementStatus?: Partial<PlxMeasurementStatus> | undefined;
  deviceAndSensorStatus?: Partial<PlxDeviceAndSensorStatus> | undefined;
  pulseAmplitudeIndex?: MedFloatInput | undefined;
}

const bitOf = (mask: number): number => 31 - Math.clz32(mask);

/**
 * Reads the trailing fields whose flags are set. Total: a missing field is named (for the caller's
 * TRUNCATED message) instead of read.
 */
export function readPlxTail(
  r: ByteReader,
  flags: number,
  masks: PlxTailFlags,
): { ok: true; tail: PlxTail } | { ok: false; missing: string } {
  const tail: PlxTail = {
    measurementStatus: undefined,
    deviceAndSensorStatus: undefined,
    pulseAmplitudeIndex: undefined,
  };
  if ((flags & masks.measurementStatus) !== 0) {
    const raw = r.uint16();
    if (raw === undefined)
      return { ok: false, missing: `Measurement Status (flags bit ${bitOf(masks.measurementStatus)})` };
    tail.measurementStatus = plxMeasurementStatusOf(raw);
  }
  if ((flags & masks.deviceAndSensorStatus) !== 0) {
    const raw = readUint24(r);
    if (raw === undefined) {
      return {
        ok: false,
        missing: `Device and Sensor Status (flags bit ${bitOf(masks.deviceAndSensorStatus)})`,
      };
    }
    tail.deviceAndSensorStatus = plxDeviceAndSensorStatusOf(raw);
  }
  if ((flags & masks.pulseAmplitudeIndex) !== 0) {
    tail.pulseAmplitudeIndex = readSfloat(r);
    if (tail.pulseAmplitudeIndex === undefined) {
      return { ok: false, missing: `Pulse Amplitude Index (flags bit ${bitOf(masks.pulseAmplitudeIndex)})` };
    }
  }
  return { ok: true, tail };
}

/** The flag bits the defined trailing fields need. */
export function plxTailFlags(value: PlxTailInput, masks: PlxTailFlags): number {
  let flags = 0;
  if (value.measurementStatus !== undefined) flags |= masks.measurementStatus;
  if (value.deviceAndSensorStatus !== undefined) flags |= masks.deviceAndSensorStatus;
  if (value.pulseAmplitudeIndex !== undefined) flags |= masks.pulseAmplitudeIndex;
  return flags;
}

/** Writes the defined trailing fields in specification order. */
export function writePlxTail(w: ByteWriter, value: PlxTailInput): void {
  if (value.measurementStatus !== undefined) w.uint16(plxMeasurementStatusRaw(value.measurementStatus));
  if (value.deviceAndSensorStatus !== undefined) {
    writeUint24(w, plxDeviceAndSensorStatusRaw(value.deviceAndSensorStatus));
  }
  if (value.pulseAmplitudeIndex !== undefined) writeSfloat(w, value.pulseAmplitudeIndex);
}
