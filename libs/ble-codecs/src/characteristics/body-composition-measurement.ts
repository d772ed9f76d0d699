/**
 * Body Composition Measurement, UUID 0x2A9C (Body Composition Service v1.0 §3.2; GSS v8 §3.34).
 * Little-endian:
 *
 *   Flags (16-bit) | Body Fat Percentage (uint16, 0.1 %) | Time Stamp (opt) | User ID (uint8, opt)
 *   | Basal Metabolism (uint16, kJ) | Muscle Percentage (uint16, 0.1 %) | Muscle Mass | Fat Free Mass
 *   | Soft Lean Mass | Body Water Mass (mass fields: uint16, 0.005 kg / 0.01 lb) | Impedance (uint16,
 *   0.1 Ω) | Weight (mass) | Height (uint16, 0.001 m / 0.1 in) — every field after Body Fat optional.
 *
 * Body Fat Percentage 0xFFFF = "Measurement Unsuccessful"; as for the Weight Measurement (WSS v1.0
 * §3.2.1.2), all optional fields other than Time Stamp and User ID shall then be disabled (BCS v1.0
 * §3.2.1.2), so 0xFFFF with any of flags bits 3–11 set is answered MALFORMED. Flags bit 12 (Multiple
 * Packet Measurement) is not a field and is allowed with it.
 */
import { ByteReader, ByteWriter } from '../bytes.js';
import { CODEC_ERROR, fail, ok, type CodecResult } from '../result.js';
import type { CharacteristicCodec } from './codec.js';
import type { DateTimeFields } from './date-time.js';
import { checkLength, fixedToRaw } from './fields.js';
import {
  FLAG_TIME_STAMP,
  FLAG_USER_ID,
  encodeTimeStampAndUserId,
  readTimeStampAndUserId,
  writeTimeStampAndUserId,
} from './scale-header.js';
import {
  HEIGHT_STEPS_PER_UNIT,
  HEIGHT_UNIT,
  MASS_STEPS_PER_UNIT,
  MASS_UNIT,
  MEASUREMENT_UNSUCCESSFUL,
  MEASUREMENT_UNSUCCESSFUL_RAW,
  isMeasurementUnits,
  type MeasurementUnits,
  type MeasurementUnsuccessful,
} from './scale-units.js';

export const BODY_COMPOSITION_MEASUREMENT_UUID16 = '2A9C';

// GSS §3.34.1 Flags field (16-bit).
const FLAG_IMPERIAL = 0x0001; // bit 0: Measurement Units (0 = SI kg/m, 1 = Imperial lb/in)
// bits 3–11: the uint16 fields of UINT16_FIELDS below, in wire order.
const FLAG_MULTIPLE_PACKET = 0x1000; // bit 12: Multiple Packet Measurement
// bits 13–15: RFU — ignored when decoding, written as 0.

/** How each optional uint16 field scales: a fixed resolution, or the mass / height of the unit system. */
type Scale = { stepsPerUnit: number } | 'mass' | 'height';

/** The optional uint16 fields, in wire order, with their flag bit and resolution (GSS §3.34.2). */
const UINT16_FIELDS = [
  { key: 'basalMetabolism', flag: 0x0008, scale: { stepsPerUnit: 1 } }, // bit 3: kJ, resolution 1
  { key: 'musclePercentage', flag: 0x0010, scale: { stepsPerUnit: 10 } }, // bit 4: 0.1 %
  { key: 'muscleMass', flag: 0x0020, scale: 'mass' }, // bit 5
  { key: 'fatFreeMass', flag: 0x0040, scale: 'mass' }, // bit 6
  { key: 'softLeanMass', flag: 0x0080, scale: 'mass' }, // bit 7
  { key: 'bodyWaterMass', flag: 0x0100, scale: 'mass' }, // bit 8
  { key: 'impedance', flag: 0x0200, scale: { stepsPerUnit: 10 } }, // bit 9: 0.1 Ω
  { key: 'weight', flag: 0x0400, scale: 'mass' }, // bit 10
  { key: 'height', flag: 0x0800, scale: 'height' }, // bit 11
] as const satisfies ReadonlyArray<{ key: string; flag: number; scale: Scale }>;

type Uint16FieldKey = (typeof UINT16_FIELDS)[number]['key'];
const FIELDS_DISABLED_WHEN_UNSUCCESSFUL = UINT16_FIELDS.reduce((m, f) => m | f.flag, 0);

function stepsPerUnit(scale: Scale, units: MeasurementUnits): number {
  if (scale === 'mass') return MASS_STEPS_PER_UNIT[units];
  if (scale === 'height') return HEIGHT_STEPS_PER_UNIT[units];
  return scale.stepsPerUnit;
}

/** Unit names of a decoded Body Composition Measurement. */
export interface BodyCompositionUnits {
  mass: 'kg' | 'lb';
  height: 'm' | 'in';
  percentage: '%';
  basalMetabolism: 'kJ';
  impedance: 'Ohm';
}

const UNITS: Record<MeasurementUnits, BodyCompositionUnits> = {
  SI: {
    mass: MASS_UNIT.SI,
    height: HEIGHT_UNIT.SI,
    percentage: '%',
    basalMetabolism: 'kJ',
    impedance: 'Ohm',
  },
  imperial: {
    mass: MASS_UNIT.imperial,
    height: HEIGHT_UNIT.imperial,
    percentage: '%',
    basalMetabolism: 'kJ',
    impedance: 'Ohm',
  },
};

/**
 * A decoded Body Composition Measurement. Mass fields (muscleMass, fatFreeMass, softLeanMass,
 * bodyWaterMass, weight) are in `units.mass`, height in `units.height`; absent fields are `undefined`.
 */
export interface BodyCompositionMeasurement extends Record<Uint16FieldKey, number | undefined> {
  /** Flags bit 0: SI (kg, m) or Imperial (lb, in). */
  measurementUnits: MeasurementUnits;
  /** Body fat in % (resolution 0.1), or "measurement unsuccessful" (0xFFFF). */
  bodyFatPercentage: number | MeasurementUnsuccessful;
  /** Time Stamp (flags bit 1). */
  timeStamp: DateTimeFields | undefined;
  /** User ID (flags bit 2): 0–254 user index, 255 = unknown user. */
  userId: number | undefined;
  /** Basal metabolism, kJ (flags bit 3). */
  basalMetabolism: number | undefined;
  /** Muscle percentage, % (flags bit 4). */
  musclePercentage: number | undefined;
  /** Impedance, Ω (flags bit 9). */
  impedance: number | undefined;
  /** Flags bit 12: this value is one packet of a measurement split over several indications. */
  multiplePacketMeasurement: boolean;
  units: BodyCompositionUnits;
}

/** What the encoder accepts; a decoded value is also a valid input. */
export interface BodyCompositionMeasurementInput extends Partial<Record<Uint16FieldKey, number | undefined>> {
  measurementUnits: MeasurementUnits;
  bodyFatPercentage: number | MeasurementUnsuccessful;
  timeStamp?: DateTimeFields | undefined;
  userId?: number | undefined;
  /** Default false. */
  multiplePacketMeasurement?: boolean;
}

const truncated = (what: string) => fail(CODEC_ERROR.TRUNCATED, `0x2A9C: ${what} missing`);

/**
 * Decodes a Body Composition Measurement. Total. Missing octets → TRUNCATED; Time Stamp out of range →
 * OUT_OF_RANGE; body fat 0xFFFF with any field of flags bits 3–11 → MALFORMED; RFU bits and octets after
 * the last flagged field are ignored.
 */
export function decodeBodyCompositionMeasurement(bytes: Uint8Array): CodecResult<BodyCompositionMeasurement> {
  const r = new ByteReader(bytes);
  const flags = r.uint16();
  if (flags === undefined) return truncated('Flags field (16-bit)');
  // flags bit 0: Measurement Units.
  const measurementUnits: MeasurementUnits = (flags & FLAG_IMPERIAL) !== 0 ? 'imperial' : 'SI';
  let needed = 4 + ((flags & FLAG_TIME_STAMP) !== 0 ? 7 : 0) + ((flags & FLAG_USER_ID) !== 0 ? 1 : 0);
  for (const f of UINT16_FIELDS) if ((flags & f.flag) !== 0) needed += 2;
  const short = checkLength(bytes, needed, '0x2A9C', flags);
  if (short) return short;
  const bodyFatRaw = r.uint16();
  if (bodyFatRaw === undefined) return truncated('Body Fat Percentage (uint16)');
  const unsuccessful = bodyFatRaw === MEASUREMENT_UNSUCCESSFUL_RAW;

  // flags bits 1–2: Time Stamp, User ID.
  const header = readTimeStampAndUserId(r, flags, '0x2A9C');
  if (!header.ok) return header;
  const { timeStamp, userId } = header.value;
  // flags bits 3–11: the optional uint16 fields, in order.
  const fields = {} as Record<Uint16FieldKey, number | undefined>;
  for (const f of UINT16_FIELDS) {
    if ((flags & f.flag) === 0) {
      fields[f.key] = undefined;
      continue;
    }
    const raw = r.uint16();
    if (raw === undefined) return truncated(`${f.key} (flags 0x${f.flag.toString(16)})`);
    fields[f.key] = raw / stepsPerUnit(f.scale, measurementUnits);
  }
  if (unsuccessful && (flags & FIELDS_DISABLED_WHEN_UNSUCCESSFUL) !== 0) {
    return fail(
      CODEC_ERROR.MALFORMED,
      '0x2A9C: body fat 0xFFFF (measurement unsuccessful) must carry only Time Stamp and User ID (BCS §3.2.1.2)',
    );
  }
  return ok({
    measurementUnits,
    bodyFatPercentage: unsuccessful ? MEASUREMENT_UNSUCCESSFUL : bodyFatRaw / 10,
    timeStamp,
    userId,
    ...fields,
    // flags bit 12: Multiple Packet Measurement.
    multiplePacketMeasurement: (flags & FLAG_MULTIPLE_PACKET) !== 0,
    units: UNITS[measurementUnits],
  });
}

/**
 * Encodes a Body Composition Measurement; numbers are rounded to the field resolution. OUT_OF_RANGE for:
 * unknown measurementUnits, body fat not 0–6553.4 % after scaling (0xFFFF is "unsuccessful"), any other
 * field outside uint16 after scaling, invalid time stamp or user ID, or an optional field of flags bits
 * 3–11 together with "measurement unsuccessful".
 */
export function encodeBodyCompositionMeasurement(
  value: BodyCompositionMeasurementInput,
): CodecResult<Uint8Array> {
  const units = value.measurementUnits;
  if (!isMeasurementUnits(units)) {
    return fail(CODEC_ERROR.OUT_OF_RANGE, `0x2A9C: measurementUnits ${String(units)} is not SI or imperial`);
  }
  const unsuccessful = value.bodyFatPercentage === MEASUREMENT_UNSUCCESSFUL;
  const bodyFatRaw = unsuccessful
    ? MEASUREMENT_UNSUCCESSFUL_RAW
    : fixedToRaw(value.bodyFatPercentage, 10, MEASUREMENT_UNSUCCESSFUL_RAW - 1);
  if (bodyFatRaw === undefined) {
    return fail(
      CODEC_ERROR.OUT_OF_RANGE,
      `0x2A9C: bodyFatPercentage ${String(value.bodyFatPercentage)} out of range`,
    );
  }
  let flags = units === 'imperial' ? FLAG_IMPERIAL : 0;
  if (value.multiplePacketMeasurement === true) flags |= FLAG_MULTIPLE_PACKET;
  const header = encodeTimeStampAndUserId(value, '0x2A9C');
  if (!header.ok) return header;
  flags |= header.value.flags;
  const raws: number[] = [];
  for (const f of UINT16_FIELDS) {
    const v = value[f.key];
    if (v === undefined) continue;
    if (unsuccessful) {
      return fail(CODEC_ERROR.OUT_OF_RANGE, `0x2A9C: ${f.key} cannot accompany an unsuccessful measurement`);
    }
    const raw = fixedToRaw(v, stepsPerUnit(f.scale, units), 0xffff);
    if (raw === undefined)
      return fail(CODEC_ERROR.OUT_OF_RANGE, `0x2A9C: ${f.key} ${String(v)} out of range`);
    raws.push(raw);
    flags |= f.flag;
  }
  const w = new ByteWriter().uint16(flags).uint16(bodyFatRaw);
  writeTimeStampAndUserId(w, header.value);
  for (const raw of raws) w.uint16(raw);
  return ok(w.toBytes());
}

/** Registry entry for 0x2A9C. */
export const bodyCompositionMeasurementCodec: CharacteristicCodec<
  BodyCompositionMeasurement,
  BodyCompositionMeasurementInput
> = {
  uuid16: BODY_COMPOSITION_MEASUREMENT_UUID16,
  name: 'Body Composition Measurement',
  decode: decodeBodyCompositionMeasurement,
  encode: encodeBodyCompositionMeasurement,
};
