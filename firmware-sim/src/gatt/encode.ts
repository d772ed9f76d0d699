/**
 * The one place that maps the simulator's values to @openward/ble-codecs encoder inputs, so every byte a
 * simulated device sends comes from the same encoders whose decoders the gateway uses. Values are given
 * with their resolution already applied (integers for %, bpm, mmHg; 0.01 °C; 0.1 mmol/L).
 */
import {
  encodeBatteryLevel,
  encodeBloodPressureMeasurement,
  encodeBodyCompositionMeasurement,
  encodeCurrentTime,
  encodeGlucoseMeasurement,
  encodeGlucoseMeasurementContext,
  encodeIntermediateCuffPressure,
  encodeIntermediateTemperature,
  encodePlxContinuousMeasurement,
  encodePlxSpotCheckMeasurement,
  encodeRecordAccessControlPoint,
  encodeTemperatureMeasurement,
  encodeUtf8String,
  encodeWeightMeasurement,
  type CodecResult,
  type RacpResponse,
  type TemperatureTypeName,
} from '@openward/ble-codecs';
import type { DateTimeFields } from '../clock.js';
import type { GlucoseRecord, MealContext } from '../devices/racp-server.js';

export type Encoded = CodecResult<Uint8Array>;

export const encodeBatteryValue = (level: number): Encoded => encodeBatteryLevel({ level });
export const encodeText = (text: string): Encoded => encodeUtf8String({ text });

/** 0x2A2B: the device clock's fields, day of week (0 = unknown when the date is not known). */
export function encodeCurrentTimeValue(dateTime: DateTimeFields, simNowMs: number): Encoded {
  const known = dateTime.year !== 0 && dateTime.month !== 0 && dateTime.day !== 0;
  const weekday = known
    ? new Date(Date.UTC(dateTime.year, dateTime.month - 1, dateTime.day)).getUTCDay()
    : -1;
  return encodeCurrentTime({
    dateTime,
    dayOfWeek: weekday < 0 ? 0 : weekday === 0 ? 7 : weekday, // CTS: 1 = Monday … 7 = Sunday
    fractions256: Math.floor(((((simNowMs % 1000) + 1000) % 1000) * 256) / 1000),
  });
}

const notSet = (t: DateTimeFields | undefined): boolean => t !== undefined && t.year === 0;

export function encodePlxContinuousValue(v: {
  spo2: number;
  pulseRate: number;
  pulseAmplitudeIndex: number;
}): Encoded {
  return encodePlxContinuousMeasurement({
    spo2PrNormal: { spo2: v.spo2, pr: v.pulseRate },
    pulseAmplitudeIndex: v.pulseAmplitudeIndex,
  });
}

export function encodePlxSpotValue(v: {
  spo2: number;
  pulseRate: number;
  pulseAmplitudeIndex: number;
  timeStamp: DateTimeFields | undefined;
}): Encoded {
  return encodePlxSpotCheckMeasurement({
    spo2PrSpotCheck: { spo2: v.spo2, pr: v.pulseRate },
    pulseAmplitudeIndex: v.pulseAmplitudeIndex,
    ...(v.timeStamp ? { timestamp: v.timeStamp } : {}),
    // PLXS v1.0 flags bit 4: a time stamp from a clock that was never set is flagged as such.
    deviceClockNotSet: notSet(v.timeStamp),
  });
}

/** 0x2A36: the current cuff pressure; systolic slot carries it, diastolic and MAP are NaN (BLS v1.1). */
export function encodeCuffValue(pressureMmHg: number): Encoded {
  return encodeIntermediateCuffPressure({ unit: 'mmHg', currentCuffPressure: pressureMmHg });
}

export function encodeBpValue(v: {
  systolic: number;
  diastolic: number;
  meanArterialPressure: number;
  pulseRate: number;
  irregularPulse: boolean;
  timeStamp: DateTimeFields | undefined;
}): Encoded {
  return encodeBloodPressureMeasurement({
    unit: 'mmHg',
    systolic: v.systolic,
    diastolic: v.diastolic,
    meanArterialPressure: v.meanArterialPressure,
    pulseRate: v.pulseRate,
    ...(v.timeStamp ? { timeStamp: v.timeStamp } : {}),
    measurementStatus: {
      bodyMovementDetected: false,
      cuffTooLoose: false,
      irregularPulseDetected: v.irregularPulse,
      pulseRateRange:
        v.pulseRate > 100 ? 'exceeds-upper-limit' : v.pulseRate < 40 ? 'below-lower-limit' : 'within-range',
      improperMeasurementPosition: false,
    },
  });
}

/** 0x2A1C (final, with time stamp and type) or 0x2A1E (intermediate, value only), in Cel. */
export function encodeTemperatureValue(
  v: { celsius: number; timeStamp?: DateTimeFields | undefined; type?: TemperatureTypeName },
  intermediate: boolean,
): Encoded {
  const value = {
    unit: 'Cel' as const,
    temperatureMeasurementValue: {
      kind: 'number' as const,
      mantissa: Math.round(v.celsius * 100),
      exponent: -2,
    },
    ...(v.timeStamp ? { timeStamp: v.timeStamp } : {}),
    ...(v.type ? { temperatureType: { name: v.type } } : {}),
  };
  return intermediate ? encodeIntermediateTemperature(value) : encodeTemperatureMeasurement(value);
}

/** 0x2A18: concentration in mol/L (GLS units flag 1), capillary whole blood from a finger. */
export function encodeGlucoseRecordValue(r: GlucoseRecord): Encoded {
  return encodeGlucoseMeasurement({
    sequenceNumber: r.sequenceNumber,
    baseTime: r.baseTime,
    timeOffset: r.timeOffsetMinutes,
    // mmol/L with one decimal = mantissa × 10^-4 mol/L.
    glucoseConcentration: { kind: 'number', mantissa: Math.round(r.mmolL * 10), exponent: -4 },
    unit: 'mol/L',
    type: 'capillary-whole-blood',
    sampleLocation: 'finger',
    sensorStatusAnnunciation: r.status,
    contextInformationFollows: r.context !== undefined,
  });
}

/** 0x2A34: the meal (and carbohydrate for a meal just eaten) of record `sequenceNumber`. */
export function encodeGlucoseContextValue(
  sequenceNumber: number,
  context: { meal: MealContext; carbohydrateGrams?: number },
): Encoded {
  return encodeGlucoseMeasurementContext({
    sequenceNumber,
    meal: context.meal,
    ...(context.carbohydrateGrams === undefined
      ? {}
      : // Carbohydrate is in kg: grams × 10^-3.
        {
          carbohydrateId: 'lunch' as const,
          carbohydrate: { kind: 'number' as const, mantissa: context.carbohydrateGrams, exponent: -3 },
        }),
  });
}

export const encodeRacpValue = (response: RacpResponse): Encoded => encodeRecordAccessControlPoint(response);

/** 0x2A9D, SI units, with BMI and height. */
export function encodeWeightValue(v: {
  weightKg: number;
  heightM: number;
  bmi: number;
  timeStamp: DateTimeFields | undefined;
}): Encoded {
  return encodeWeightMeasurement({
    measurementUnits: 'SI',
    weight: v.weightKg,
    ...(v.timeStamp ? { timeStamp: v.timeStamp } : {}),
    bmi: v.bmi,
    height: v.heightM,
  });
}

/** 0x2A9C, SI units: body fat, time stamp, basal metabolism, impedance, weight, height. */
export function encodeBodyCompositionValue(v: {
  bodyFatPercent: number;
  weightKg: number;
  heightM: number;
  impedanceOhm: number;
  basalMetabolismKj: number;
  timeStamp: DateTimeFields | undefined;
}): Encoded {
  return encodeBodyCompositionMeasurement({
    measurementUnits: 'SI',
    bodyFatPercentage: v.bodyFatPercent,
    ...(v.timeStamp ? { timeStamp: v.timeStamp } : {}),
    basalMetabolism: v.basalMetabolismKj,
    impedance: v.impedanceOhm,
    weight: v.weightKg,
    height: v.heightM,
  });
}

export {
  encodeBodyCompositionFeatureValue,
  encodeBpFeatureValue,
  encodeGlucoseFeatureValue,
  encodeMeasurementIntervalValue,
  encodePlxFeaturesValue,
  encodeTemperatureTypeValue,
  encodeWeightScaleFeatureValue,
} from './feature-values.js';
