/**
 * Glucose Measurement Context, UUID 0x2A34 (Glucose Service (GLS) v1.0, "Glucose Measurement
 * Context" characteristic; GATT Specification Supplement (GSS) "Glucose Measurement Context"). Layout, little-endian, fields in this order:
 *
 *   Flags (uint8) | Sequence Number (uint16) | Extended Flags (uint8; flags bit 7)
 *   | Carbohydrate ID (uint8) + Carbohydrate (SFLOAT, kg; flags bit 0) | Meal (uint8; bit 1)
 *   | Tester-Health (uint8: Tester low nibble, Health high nibble; bit 2)
 *   | Exercise Duration (uint16, s) + Exercise Intensity (uint8, %; bit 3)
 *   | Medication ID (uint8) + Medication (SFLOAT, kg or L per bit 5; bit 4) | HbA1c (SFLOAT, %; bit 6)
 *
 * The Sequence Number equals that of the Glucose Measurement (0x2A18) this context belongs to.
 */
import { ByteReader, ByteWriter, isIntIn } from '../bytes.js';
import { decodeSfloat, encodeSfloat, type MedFloat, type MedFloatInput } from '../medfloat.js';
import { CODEC_ERROR, fail, ok, type CodecResult } from '../result.js';
import type { CharacteristicCodec } from './codec.js';
import { decodeCoded, encodeCoded, shiftDecimal, type Coded } from './coded-enum.js';

export const GLUCOSE_MEASUREMENT_CONTEXT_UUID16 = '2A34';

// GLS v1.0 / GSS Glucose Measurement Context: Flags field. All eight bits are defined, so there is no RFU bit to ignore here.
const FLAG_CARBOHYDRATE = 0x01; // bit 0: Carbohydrate ID and Carbohydrate present
const FLAG_MEAL = 0x02; // bit 1: Meal present
const FLAG_TESTER_HEALTH = 0x04; // bit 2: Tester-Health present
const FLAG_EXERCISE = 0x08; // bit 3: Exercise Duration and Exercise Intensity present
const FLAG_MEDICATION = 0x10; // bit 4: Medication ID and Medication present
const FLAG_MEDICATION_LITRES = 0x20; // bit 5: Medication value units (0 = kilograms, 1 = liters)
const FLAG_HBA1C = 0x40; // bit 6: HbA1c present
const FLAG_EXTENDED = 0x80; // bit 7: Extended Flags present
// Bit 5 qualifies the Medication field only (GLS Flags field), so it is ignored when bit 4 is clear.

/** Carbohydrate ID (GLS v1.0 Carbohydrate ID field); 0 and 8–255 are RFU. */
export const CARBOHYDRATE_ID = {
  breakfast: 1,
  lunch: 2,
  dinner: 3,
  snack: 4,
  drink: 5,
  supper: 6,
  brunch: 7,
} as const;
export type CarbohydrateId = Coded<typeof CARBOHYDRATE_ID>;

/** Meal (GLS v1.0 Meal field); 0 and 6–255 are RFU. */
export const MEAL = { preprandial: 1, postprandial: 2, fasting: 3, casual: 4, bedtime: 5 } as const;
export type Meal = Coded<typeof MEAL>;

/** Tester nibble (GLS v1.0 Tester-Health field); 0 and 4–14 are RFU. */
export const TESTER = {
  self: 1,
  'health-care-professional': 2,
  'lab-test': 3,
  'not-available': 15,
} as const;
export type Tester = Coded<typeof TESTER>;

/** Health nibble (GLS v1.0 Tester-Health field); 0 and 6–14 are RFU. */
export const HEALTH = {
  'minor-health-issues': 1,
  'major-health-issues': 2,
  'during-menses': 3,
  'under-stress': 4,
  'no-health-issues': 5,
  'not-available': 15,
} as const;
export type Health = Coded<typeof HEALTH>;

/** Medication ID (GLS v1.0 Medication ID field); 0 and 6–255 are RFU. */
export const MEDICATION_ID = {
  'rapid-acting-insulin': 1,
  'short-acting-insulin': 2,
  'intermediate-acting-insulin': 3,
  'long-acting-insulin': 4,
  'pre-mixed-insulin': 5,
} as const;
export type MedicationId = Coded<typeof MEDICATION_ID>;

/** Medication unit as carried by flags bit 5 (UCUM spelling). */
export type MedicationUnit = 'kg' | 'L';

/** Exercise Duration value meaning "overrun" (GLS v1.0 Exercise Duration field). */
export const EXERCISE_DURATION_OVERRUN = 0xffff;

/** UCUM units of the fields whose unit does not depend on the flags. */
export const GLUCOSE_MEASUREMENT_CONTEXT_UNITS = {
  carbohydrate: 'kg',
  exerciseDuration: 's',
  exerciseIntensity: '%',
  hbA1c: '%',
} as const;

/** A decoded Glucose Measurement Context. Optional fields are `undefined` when their flag is clear. */
export interface GlucoseMeasurementContext {
  sequenceNumber: number;
  /** Extended Flags octet (all bits RFU), kept raw so the value re-encodes unchanged; flags bit 7. */
  extendedFlags: number | undefined;
  carbohydrateId: CarbohydrateId | undefined;
  /** SFLOAT, kilograms; special values kept. */
  carbohydrate: MedFloat | undefined;
  /** Convenience: carbohydrate × 1000, only when the SFLOAT is a number. */
  carbohydrateGrams: number | undefined;
  meal: Meal | undefined;
  tester: Tester | undefined;
  health: Health | undefined;
  /** Seconds, uint16; 65535 means overrun. */
  exerciseDuration: number | undefined;
  /** True when `exerciseDuration` is the overrun value 65535. */
  exerciseDurationOverrun: boolean | undefined;
  /** Percent, uint8. */
  exerciseIntensity: number | undefined;
  medicationId: MedicationId | undefined;
  /** SFLOAT in `medicationUnit`; special values kept. */
  medication: MedFloat | undefined;
  medicationUnit: MedicationUnit | undefined;
  /** Convenience: kg × 10^6, only when the unit is kg and the SFLOAT is a number. */
  medicationMilligrams: number | undefined;
  /** Convenience: L × 1000, only when the unit is L and the SFLOAT is a number. */
  medicationMillilitres: number | undefined;
  /** SFLOAT, percent; special values kept. */
  hbA1c: MedFloat | undefined;
  units: typeof GLUCOSE_MEASUREMENT_CONTEXT_UNITS;
}

/**
 * What the encoder accepts (a decoded {@link GlucoseMeasurementContext} is one). Pairs that share one
 * flag bit go together: carbohydrateId + carbohydrate, tester + health, exerciseDuration +
 * exerciseIntensity, medicationId + medication + medicationUnit.
 */
export interface GlucoseMeasurementContextInput {
  sequenceNumber: number;
  extendedFlags?: number | undefined;
  carbohydrateId?: CarbohydrateId | undefined;
  carbohydrate?: MedFloatInput | undefined;
  meal?: Meal | undefined;
  tester?: Tester | undefined;
  health?: Health | undefined;
  exerciseDuration?: number | undefined;
  exerciseIntensity?: number | undefined;
  medicationId?: MedicationId | undefined;
  medication?: MedFloatInput | undefined;
  medicationUnit?: MedicationUnit | undefined;
  hbA1c?: MedFloatInput | undefined;
}

function scaled(f: MedFloat, shift: number): number | undefined {
  return f.kind === 'number' ? shiftDecimal(f.mantissa, f.exponent, shift) : undefined;
}

function truncated(why: string) {
  return fail(CODEC_ERROR.TRUNCATED, `0x2A34: ${why}`);
}

/**
 * Decodes a Glucose Measurement Context value. Total: never throws.
 *
 * Error decisions: empty value or a flagged field cut short → `TRUNCATED`; RFU enumeration codes
 * decode as their raw number; octets after the last flagged field are ignored (later extension).
 */
export function decodeGlucoseMeasurementContext(bytes: Uint8Array): CodecResult<GlucoseMeasurementContext> {
  const r = new ByteReader(bytes);
  const flags = r.uint8();
  if (flags === undefined) return truncated('empty value, Flags field missing');
  const sequenceNumber = r.uint16();
  if (sequenceNumber === undefined) return truncated('Sequence Number missing');
  const v: GlucoseMeasurementContext = {
    sequenceNumber,
    extendedFlags: undefined,
    carbohydrateId: undefined,
    carbohydrate: undefined,
    carbohydrateGrams: undefined,
    meal: undefined,
    tester: undefined,
    health: undefined,
    exerciseDuration: undefined,
    exerciseDurationOverrun: undefined,
    exerciseIntensity: undefined,
    medicationId: undefined,
    medication: undefined,
    medicationUnit: undefined,
    medicationMilligrams: undefined,
    medicationMillilitres: undefined,
    hbA1c: undefined,
    units: GLUCOSE_MEASUREMENT_CONTEXT_UNITS,
  };

  // 0x2A34 flags bit 7: Extended Flags (uint8) directly after the Sequence Number.
  if ((flags & FLAG_EXTENDED) !== 0) {
    v.extendedFlags = r.uint8();
    if (v.extendedFlags === undefined) return truncated('flags bit 7 set but Extended Flags missing');
  }
  // 0x2A34 flags bit 0: Carbohydrate ID (uint8) + Carbohydrate (SFLOAT, kg).
  if ((flags & FLAG_CARBOHYDRATE) !== 0) {
    const id = r.uint8();
    const raw = r.uint16();
    if (id === undefined || raw === undefined)
      return truncated('flags bit 0 set but Carbohydrate fields cut short');
    v.carbohydrateId = decodeCoded(CARBOHYDRATE_ID, id);
    v.carbohydrate = decodeSfloat(raw);
    v.carbohydrateGrams = scaled(v.carbohydrate, 3);
  }
  // 0x2A34 flags bit 1: Meal (uint8).
  if ((flags & FLAG_MEAL) !== 0) {
    const meal = r.uint8();
    if (meal === undefined) return truncated('flags bit 1 set but Meal missing');
    v.meal = decodeCoded(MEAL, meal);
  }
  // 0x2A34 flags bit 2: Tester-Health; Tester = least significant nibble, Health = most significant.
  if ((flags & FLAG_TESTER_HEALTH) !== 0) {
    const th = r.uint8();
    if (th === undefined) return truncated('flags bit 2 set but Tester-Health missing');
    v.tester = decodeCoded(TESTER, th & 0x0f);
    v.health = decodeCoded(HEALTH, th >> 4);
  }
  // 0x2A34 flags bit 3: Exercise Duration (uint16, s) + Exercise Intensity (uint8, %).
  if ((flags & FLAG_EXERCISE) !== 0) {
    const duration = r.uint16();
    const intensity = r.uint8();
    if (duration === undefined || intensity === undefined) {
      return truncated('flags bit 3 set but Exercise fields cut short');
    }
    v.exerciseDuration = duration;
    v.exerciseDurationOverrun = duration === EXERCISE_DURATION_OVERRUN;
    v.exerciseIntensity = intensity;
  }
  // 0x2A34 flags bit 4: Medication ID (uint8) + Medication (SFLOAT); bit 5: 0 = kg, 1 = L.
  if ((flags & FLAG_MEDICATION) !== 0) {
    const id = r.uint8();
    const raw = r.uint16();
    if (id === undefined || raw === undefined)
      return truncated('flags bit 4 set but Medication fields cut short');
    v.medicationId = decodeCoded(MEDICATION_ID, id);
    v.medication = decodeSfloat(raw);
    v.medicationUnit = (flags & FLAG_MEDICATION_LITRES) !== 0 ? 'L' : 'kg';
    if (v.medicationUnit === 'kg') v.medicationMilligrams = scaled(v.medication, 6);
    else v.medicationMillilitres = scaled(v.medication, 3);
  }
  // 0x2A34 flags bit 6: HbA1c (SFLOAT, %).
  if ((flags & FLAG_HBA1C) !== 0) {
    const raw = r.uint16();
    if (raw === undefined) return truncated('flags bit 6 set but HbA1c missing');
    v.hbA1c = decodeSfloat(raw);
  }
  return ok(v);
}

/** True when all or none of the values are given. */
function together(...values: unknown[]): boolean {
  const n = values.filter((x) => x !== undefined).length;
  return n === 0 || n === values.length;
}

/** Encodes a Glucose Measurement Context value. Total: bad or unpaired fields → `OUT_OF_RANGE`. */
export function encodeGlucoseMeasurementContext(
  value: GlucoseMeasurementContextInput,
): CodecResult<Uint8Array> {
  const bad = (why: string) => fail(CODEC_ERROR.OUT_OF_RANGE, `0x2A34: ${why}`);
  const v = value;
  if (!isIntIn(v.sequenceNumber, 0, 0xffff))
    return bad(`sequenceNumber ${String(v.sequenceNumber)} is not a uint16`);
  if (v.extendedFlags !== undefined && !isIntIn(v.extendedFlags, 0, 0xff)) {
    return bad(`extendedFlags ${String(v.extendedFlags)} is not a uint8`);
  }
  if (!together(v.carbohydrateId, v.carbohydrate))
    return bad('carbohydrateId and carbohydrate go together (bit 0)');
  if (!together(v.tester, v.health)) return bad('tester and health go together (bit 2)');
  if (!together(v.exerciseDuration, v.exerciseIntensity)) {
    return bad('exerciseDuration and exerciseIntensity go together (bit 3)');
  }
  if (!together(v.medicationId, v.medication, v.medicationUnit)) {
    return bad('medicationId, medication and medicationUnit go together (bit 4)');
  }

  const carbId =
    v.carbohydrateId === undefined ? undefined : encodeCoded(CARBOHYDRATE_ID, v.carbohydrateId, 0xff);
  if (v.carbohydrateId !== undefined && carbId === undefined) {
    return bad(`carbohydrateId ${String(v.carbohydrateId)} is not a known name or a uint8`);
  }
  const meal = v.meal === undefined ? undefined : encodeCoded(MEAL, v.meal, 0xff);
  if (v.meal !== undefined && meal === undefined)
    return bad(`meal ${String(v.meal)} is not a known name or a uint8`);
  const tester = v.tester === undefined ? undefined : encodeCoded(TESTER, v.tester, 0x0f);
  const health = v.health === undefined ? undefined : encodeCoded(HEALTH, v.health, 0x0f);
  if (v.tester !== undefined && (tester === undefined || health === undefined)) {
    return bad(
      `tester ${String(v.tester)} / health ${String(v.health)} is not a known name or a nibble 0–15`,
    );
  }
  if (v.exerciseDuration !== undefined && !isIntIn(v.exerciseDuration, 0, 0xffff)) {
    return bad(`exerciseDuration ${String(v.exerciseDuration)} is not a uint16 (s)`);
  }
  if (v.exerciseIntensity !== undefined && !isIntIn(v.exerciseIntensity, 0, 0xff)) {
    return bad(`exerciseIntensity ${String(v.exerciseIntensity)} is not a uint8 (%)`);
  }
  const medId = v.medicationId === undefined ? undefined : encodeCoded(MEDICATION_ID, v.medicationId, 0xff);
  if (v.medicationId !== undefined && medId === undefined) {
    return bad(`medicationId ${String(v.medicationId)} is not a known name or a uint8`);
  }
  if (v.medicationUnit !== undefined && v.medicationUnit !== 'kg' && v.medicationUnit !== 'L') {
    return bad(`medicationUnit ${String(v.medicationUnit)} is not kg or L`);
  }

  let flags = 0;
  if (carbId !== undefined) flags |= FLAG_CARBOHYDRATE; // bit 0
  if (meal !== undefined) flags |= FLAG_MEAL; // bit 1
  if (tester !== undefined) flags |= FLAG_TESTER_HEALTH; // bit 2
  if (v.exerciseDuration !== undefined) flags |= FLAG_EXERCISE; // bit 3
  if (medId !== undefined) flags |= FLAG_MEDICATION; // bit 4
  if (medId !== undefined && v.medicationUnit === 'L') flags |= FLAG_MEDICATION_LITRES; // bit 5
  if (v.hbA1c !== undefined) flags |= FLAG_HBA1C; // bit 6
  if (v.extendedFlags !== undefined) flags |= FLAG_EXTENDED; // bit 7

  const w = new ByteWriter().uint8(flags).uint16(v.sequenceNumber);
  if (v.extendedFlags !== undefined) w.uint8(v.extendedFlags);
  if (carbId !== undefined) w.uint8(carbId).uint16(encodeSfloat(v.carbohydrate as MedFloatInput));
  if (meal !== undefined) w.uint8(meal);
  if (tester !== undefined && health !== undefined) w.uint8((health << 4) | tester);
  if (v.exerciseDuration !== undefined) w.uint16(v.exerciseDuration).uint8(v.exerciseIntensity as number);
  if (medId !== undefined) w.uint8(medId).uint16(encodeSfloat(v.medication as MedFloatInput));
  if (v.hbA1c !== undefined) w.uint16(encodeSfloat(v.hbA1c));
  return ok(w.toBytes());
}

/** Registry entry for 0x2A34. */
export const glucoseMeasurementContextCodec: CharacteristicCodec<
  GlucoseMeasurementContext,
  GlucoseMeasurementContextInput
> = {
  uuid16: GLUCOSE_MEASUREMENT_CONTEXT_UUID16,
  name: 'Glucose Measurement Context',
  decode: decodeGlucoseMeasurementContext,
  encode: encodeGlucoseMeasurementContext,
};
