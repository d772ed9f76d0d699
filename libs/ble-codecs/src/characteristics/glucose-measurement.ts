/**
 * Glucose Measurement, UUID 0x2A18 (Glucose Service (GLS) v1.0, "Glucose Measurement"
 * characteristic; GATT Specification Supplement (GSS) "Glucose Measurement"). Layout, little-endian, fields in this order:
 *
 *   Flags (uint8) | Sequence Number (uint16) | Base Time (date time, 7 octets)
 *   | Time Offset (sint16, minutes; flags bit 0)
 *   | Glucose Concentration (SFLOAT) + Type-Sample Location (uint8; both flags bit 1)
 *   | Sensor Status Annunciation (uint16; flags bit 3)
 *
 * Flags bit 2 gives the concentration unit (0 = kg/L, 1 = mol/L); bit 4 "Context Information Follows"
 * announces a Glucose Measurement Context (0x2A34) with the same sequence number; bits 5–7 are RFU.
 */
import { ByteReader, ByteWriter, isIntIn } from '../bytes.js';
import { decodeSfloat, encodeSfloat, type MedFloat, type MedFloatInput } from '../medfloat.js';
import { CODEC_ERROR, fail, ok, type CodecResult } from '../result.js';
import type { CharacteristicCodec } from './codec.js';
import { decodeCoded, encodeCoded, shiftDecimal, type Coded } from './coded-enum.js';
import { decodeDateTimeFields, encodeDateTimeFields, type DateTimeFields } from './date-time.js';

export const GLUCOSE_MEASUREMENT_UUID16 = '2A18';

// GLS v1.0 / GSS Glucose Measurement: Flags field.
const FLAG_TIME_OFFSET = 0x01; // bit 0: Time Offset present
const FLAG_CONCENTRATION = 0x02; // bit 1: Glucose Concentration, Type and Sample Location present
const FLAG_UNITS_MOL_PER_L = 0x04; // bit 2: Glucose Concentration Units (0 = kg/L, 1 = mol/L)
const FLAG_SENSOR_STATUS = 0x08; // bit 3: Sensor Status Annunciation present
const FLAG_CONTEXT_FOLLOWS = 0x10; // bit 4: Context Information Follows
// bits 5–7: RFU. Core Spec v5.4 Vol 1 Part E (conventions): senders write 0, receivers ignore, so
// the decoder ignores them and the encoder writes 0. Bit 2 only has a meaning when bit 1 is set
// (GLS Flags field: the units qualify the Glucose Concentration field), so it is ignored without bit 1.

/** Glucose concentration unit as carried by flags bit 2 (UCUM spelling). */
export type GlucoseConcentrationUnit = 'kg/L' | 'mol/L';

/** Type nibble (GLS v1.0 / GSS Glucose Measurement, Type-Sample Location field); 0 and 11–15 are RFU. */
export const GLUCOSE_SAMPLE_TYPE = {
  'capillary-whole-blood': 1,
  'capillary-plasma': 2,
  'venous-whole-blood': 3,
  'venous-plasma': 4,
  'arterial-whole-blood': 5,
  'arterial-plasma': 6,
  'undetermined-whole-blood': 7,
  'undetermined-plasma': 8,
  'interstitial-fluid': 9,
  'control-solution': 10,
} as const;
/** A decoded Type: the name of a defined code, or the raw number (0–15) of an RFU code. */
export type GlucoseSampleType = Coded<typeof GLUCOSE_SAMPLE_TYPE>;

/** Sample Location nibble (same field); 0 and 5–14 are RFU, 15 = "Sample Location value not available". */
export const GLUCOSE_SAMPLE_LOCATION = {
  finger: 1,
  'alternate-site-test': 2,
  earlobe: 3,
  'control-solution': 4,
  'not-available': 15,
} as const;
/** A decoded Sample Location: the name of a defined code, or the raw number (0–15) of an RFU code. */
export type GlucoseSampleLocation = Coded<typeof GLUCOSE_SAMPLE_LOCATION>;

/** Sensor Status Annunciation bits (GLS v1.0 / GSS), bit number = index; bits 12–15 are RFU. */
export const SENSOR_STATUS_ANNUNCIATION_BITS = [
  'deviceBatteryLow', // bit 0: device battery low at time of measurement
  'sensorMalfunction', // bit 1: sensor malfunction or faulting at time of measurement
  'sampleSizeInsufficient', // bit 2: sample size for blood or control solution insufficient
  'stripInsertionError', // bit 3: strip insertion error
  'stripTypeIncorrect', // bit 4: strip type incorrect for device
  'resultHigherThanDeviceCanProcess', // bit 5: sensor result higher than the device can process
  'resultLowerThanDeviceCanProcess', // bit 6: sensor result lower than the device can process
  'temperatureTooHigh', // bit 7: sensor temperature too high for valid test/result
  'temperatureTooLow', // bit 8: sensor temperature too low for valid test/result
  'readInterrupted', // bit 9: sensor read interrupted because strip was pulled too soon
  'generalDeviceFault', // bit 10: general device fault has occurred in the sensor
  'timeFault', // bit 11: time fault has occurred in the sensor and time may be inaccurate
] as const;
export type SensorStatusAnnunciationBit = (typeof SENSOR_STATUS_ANNUNCIATION_BITS)[number];
/** One boolean per defined annunciation bit. */
export type SensorStatusAnnunciation = Record<SensorStatusAnnunciationBit, boolean>;

/** A decoded Glucose Measurement. Optional fields are `undefined` when their flag is clear. */
export interface GlucoseMeasurement {
  /** uint16, incremented per stored record; links a 0x2A34 context to this measurement. */
  sequenceNumber: number;
  /** Base Time (date time); year/month/day 0 = not known. */
  baseTime: DateTimeFields;
  /** Minutes to add to Base Time for the user-facing time (sint16). */
  timeOffset: number | undefined;
  /** SFLOAT in `unit`; special values (NaN, NRes, ±INF, reserved) are kept as decoded. */
  glucoseConcentration: MedFloat | undefined;
  unit: GlucoseConcentrationUnit | undefined;
  /** Convenience: kg/L × 100000, only when `unit` is kg/L and the SFLOAT is a number. */
  concentrationMgPerDl: number | undefined;
  /** Convenience: mol/L × 1000, only when `unit` is mol/L and the SFLOAT is a number. */
  concentrationMmolPerL: number | undefined;
  type: GlucoseSampleType | undefined;
  sampleLocation: GlucoseSampleLocation | undefined;
  sensorStatusAnnunciation: SensorStatusAnnunciation | undefined;
  /** Flags bit 4: a Glucose Measurement Context with the same sequence number follows. */
  contextInformationFollows: boolean;
}

/**
 * What the encoder accepts (a decoded {@link GlucoseMeasurement} is one). `glucoseConcentration`, `unit`,
 * `type` and `sampleLocation` travel together under flags bit 1: give all four or none.
 */
export interface GlucoseMeasurementInput {
  sequenceNumber: number;
  baseTime: DateTimeFields;
  timeOffset?: number | undefined;
  glucoseConcentration?: MedFloatInput | undefined;
  unit?: GlucoseConcentrationUnit | undefined;
  type?: GlucoseSampleType | undefined;
  sampleLocation?: GlucoseSampleLocation | undefined;
  /** Missing bits are false. */
  sensorStatusAnnunciation?: Partial<SensorStatusAnnunciation> | undefined;
  contextInformationFollows?: boolean;
}

function annunciationOf(raw: number): SensorStatusAnnunciation {
  const out = {} as SensorStatusAnnunciation;
  SENSOR_STATUS_ANNUNCIATION_BITS.forEach((name, bit) => {
    out[name] = (raw & (1 << bit)) !== 0;
  });
  return out;
}

function annunciationBits(value: Partial<SensorStatusAnnunciation>): number {
  let raw = 0;
  SENSOR_STATUS_ANNUNCIATION_BITS.forEach((name, bit) => {
    if (value[name] === true) raw |= 1 << bit;
  });
  return raw;
}

/** mg/dL and mmol/L views of the concentration; only the one matching the wire unit is derived. */
function conveniences(
  c: MedFloat,
  unit: GlucoseConcentrationUnit,
): Pick<GlucoseMeasurement, 'concentrationMgPerDl' | 'concentrationMmolPerL'> {
  if (c.kind !== 'number') return { concentrationMgPerDl: undefined, concentrationMmolPerL: undefined };
  // 1 kg/L = 10^6 mg / 10 dL = 10^5 mg/dL; 1 mol/L = 10^3 mmol/L. Converting kg/L ↔ mol/L needs the
  // molar mass of glucose, which the specification does not fix, so no cross-unit value is derived.
  return unit === 'kg/L'
    ? { concentrationMgPerDl: shiftDecimal(c.mantissa, c.exponent, 5), concentrationMmolPerL: undefined }
    : { concentrationMgPerDl: undefined, concentrationMmolPerL: shiftDecimal(c.mantissa, c.exponent, 3) };
}

/**
 * Decodes a Glucose Measurement value. Total: never throws.
 *
 * Error decisions:
 * - empty value, or any field the flags announce cut short → `TRUNCATED` (a notification clipped at
 *   the ATT MTU looks like this);
 * - a Base Time field outside its GSS range → `OUT_OF_RANGE` (shared date-time rule);
 * - RFU codes of Type / Sample Location decode as their raw number; RFU flag and annunciation bits
 *   are ignored; octets after the last flagged field are ignored (later extension, as for 0x2A37).
 */
export function decodeGlucoseMeasurement(bytes: Uint8Array): CodecResult<GlucoseMeasurement> {
  const r = new ByteReader(bytes);
  const flags = r.uint8();
  if (flags === undefined) return fail(CODEC_ERROR.TRUNCATED, '0x2A18: empty value, Flags field missing');
  const sequenceNumber = r.uint16();
  if (sequenceNumber === undefined) return fail(CODEC_ERROR.TRUNCATED, '0x2A18: Sequence Number missing');
  const baseTime = decodeDateTimeFields(r, '0x2A18 Base Time');
  if (!baseTime.ok) return baseTime;

  const value: GlucoseMeasurement = {
    sequenceNumber,
    baseTime: baseTime.value,
    timeOffset: undefined,
    glucoseConcentration: undefined,
    unit: undefined,
    concentrationMgPerDl: undefined,
    concentrationMmolPerL: undefined,
    type: undefined,
    sampleLocation: undefined,
    sensorStatusAnnunciation: undefined,
    // 0x2A18 flags bit 4: Context Information Follows.
    contextInformationFollows: (flags & FLAG_CONTEXT_FOLLOWS) !== 0,
  };

  // 0x2A18 flags bit 0: Time Offset present (sint16, minutes).
  if ((flags & FLAG_TIME_OFFSET) !== 0) {
    const raw = r.uint16();
    if (raw === undefined)
      return fail(CODEC_ERROR.TRUNCATED, '0x2A18: flags bit 0 set but Time Offset missing');
    value.timeOffset = raw >= 0x8000 ? raw - 0x10000 : raw;
  }

  // 0x2A18 flags bit 1: Glucose Concentration (SFLOAT) and Type-Sample Location (uint8) present.
  if ((flags & FLAG_CONCENTRATION) !== 0) {
    const raw = r.uint16();
    if (raw === undefined) {
      return fail(CODEC_ERROR.TRUNCATED, '0x2A18: flags bit 1 set but Glucose Concentration missing');
    }
    const typeLocation = r.uint8();
    if (typeLocation === undefined) {
      return fail(CODEC_ERROR.TRUNCATED, '0x2A18: flags bit 1 set but Type-Sample Location missing');
    }
    const concentration = decodeSfloat(raw);
    // 0x2A18 flags bit 2: Glucose Concentration Units, 0 = kg/L, 1 = mol/L.
    const unit: GlucoseConcentrationUnit = (flags & FLAG_UNITS_MOL_PER_L) !== 0 ? 'mol/L' : 'kg/L';
    value.glucoseConcentration = concentration;
    value.unit = unit;
    Object.assign(value, conveniences(concentration, unit));
    // GLS v1.0 Type-Sample Location field: Type is the least significant nibble (bits 0–3), Sample
    // Location the most significant (bits 4–7); the nibble listed first in the SIG definition is the
    // low one (GSS: fields, and nibbles within an octet, are listed least significant first).
    value.type = decodeCoded(GLUCOSE_SAMPLE_TYPE, typeLocation & 0x0f);
    value.sampleLocation = decodeCoded(GLUCOSE_SAMPLE_LOCATION, typeLocation >> 4);
  }

  // 0x2A18 flags bit 3: Sensor Status Annunciation present (uint16 bit field).
  if ((flags & FLAG_SENSOR_STATUS) !== 0) {
    const raw = r.uint16();
    if (raw === undefined) {
      return fail(CODEC_ERROR.TRUNCATED, '0x2A18: flags bit 3 set but Sensor Status Annunciation missing');
    }
    value.sensorStatusAnnunciation = annunciationOf(raw);
  }
  return ok(value);
}

/** Encodes a Glucose Measurement value. Total: out-of-range or inconsistent fields → `OUT_OF_RANGE`. */
export function encodeGlucoseMeasurement(value: GlucoseMeasurementInput): CodecResult<Uint8Array> {
  const bad = (why: string) => fail(CODEC_ERROR.OUT_OF_RANGE, `0x2A18: ${why}`);
  if (!isIntIn(value.sequenceNumber, 0, 0xffff)) {
    return bad(`sequenceNumber ${String(value.sequenceNumber)} is not a uint16`);
  }
  const baseTime = encodeDateTimeFields(value.baseTime, '0x2A18 Base Time');
  if (!baseTime.ok) return baseTime;
  const offset = value.timeOffset;
  if (offset !== undefined && !isIntIn(offset, -0x8000, 0x7fff)) {
    return bad(`timeOffset ${String(offset)} is not a sint16 (minutes)`);
  }

  const group = [value.glucoseConcentration, value.unit, value.type, value.sampleLocation];
  const given = group.filter((v) => v !== undefined).length;
  if (given !== 0 && given !== group.length) {
    return bad('glucoseConcentration, unit, type and sampleLocation go together (flags bit 1)');
  }
  let typeLocation: number | undefined;
  if (given !== 0) {
    if (value.unit !== 'kg/L' && value.unit !== 'mol/L')
      return bad(`unit ${String(value.unit)} is not kg/L or mol/L`);
    const type = encodeCoded(GLUCOSE_SAMPLE_TYPE, value.type, 0x0f);
    if (type === undefined) return bad(`type ${String(value.type)} is not a known name or a nibble 0–15`);
    const location = encodeCoded(GLUCOSE_SAMPLE_LOCATION, value.sampleLocation, 0x0f);
    if (location === undefined) {
      return bad(`sampleLocation ${String(value.sampleLocation)} is not a known name or a nibble 0–15`);
    }
    typeLocation = (location << 4) | type;
  }

  let flags = 0;
  if (offset !== undefined) flags |= FLAG_TIME_OFFSET; // flags bit 0
  if (typeLocation !== undefined) flags |= FLAG_CONCENTRATION; // flags bit 1
  if (typeLocation !== undefined && value.unit === 'mol/L') flags |= FLAG_UNITS_MOL_PER_L; // flags bit 2
  if (value.sensorStatusAnnunciation !== undefined) flags |= FLAG_SENSOR_STATUS; // flags bit 3
  if (value.contextInformationFollows === true) flags |= FLAG_CONTEXT_FOLLOWS; // flags bit 4

  const w = new ByteWriter().uint8(flags).uint16(value.sequenceNumber).raw(baseTime.value);
  if (offset !== undefined) w.uint16(offset & 0xffff);
  if (typeLocation !== undefined) {
    w.uint16(encodeSfloat(value.glucoseConcentration as MedFloatInput)).uint8(typeLocation);
  }
  if (value.sensorStatusAnnunciation !== undefined)
    w.uint16(annunciationBits(value.sensorStatusAnnunciation));
  return ok(w.toBytes());
}

/** Registry entry for 0x2A18. */
export const glucoseMeasurementCodec: CharacteristicCodec<GlucoseMeasurement, GlucoseMeasurementInput> = {
  uuid16: GLUCOSE_MEASUREMENT_UUID16,
  name: 'Glucose Measurement',
  decode: decodeGlucoseMeasurement,
  encode: encodeGlucoseMeasurement,
};
