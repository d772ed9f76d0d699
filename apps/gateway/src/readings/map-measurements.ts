import {
  MEASUREMENT_UNSUCCESSFUL,
  type BloodPressureMeasurement,
  type BloodPressureUnit,
  type BodyCompositionMeasurement,
  type GlucoseMeasurement,
  type HeartRateMeasurement,
  type IntermediateCuffPressure,
  type MeasurementUnits,
  type MedFloat,
  type PlxContinuousMeasurement,
  type PlxSpotCheckMeasurement,
  type TemperatureMeasurement,
  type TemperatureUnit,
  type WeightMeasurement,
} from '@openward/ble-codecs';
import type { Measurement, Metric } from '@openward/contracts';
import type { DeviceDateTime } from '../devices/clock.js';

/**
 * Decoded characteristic value → `ReadingV1.measurements` plus the time facts the reading needs. Pure.
 *
 * Units: the device's own unit is kept, written as UCUM (contracts METRICS `units`): mmHg → `mm[Hg]`,
 * degF → `[degF]`, lb → `[lb_av]`, in → `[in_i]`; glucose kg/L → `mg/dL` (× 100 000) and mol/L →
 * `mmol/L` (× 1 000), the units clinicians read. A medical float special value (NaN, NRes, ±INF,
 * reserved) omits that measurement; the decoded value still carries it.
 */
export interface MappedReading {
  measurements: Measurement[];
  /** Measurements left out because the device sent a special value instead of a number. */
  omitted: number;
  /** The measurement's own time stamp, when the characteristic has one and its flag is set. */
  deviceTime: DeviceDateTime | null;
  /** Glucose Time Offset (minutes added to the base time). */
  deviceTimeOffsetMinutes?: number;
  /** The device declares its clock not set (PLX flags). */
  clockNotSet?: boolean;
  /** The device's record sequence number (glucose). */
  deviceSequence?: number;
  /** In-progress value (0x2A36, 0x2A1E). */
  intermediate?: boolean;
  /** 0x2A18 flags bit 4: a 0x2A34 context with the same sequence number follows. */
  contextFollows?: boolean;
}

/** Maps one decoded value; the table below pairs each UUID with its codec's value type. */
type Mapper = (value: never) => MappedReading;

/** Builds a measurement list, counting special values that had to be left out. */
class Collector {
  readonly measurements: Measurement[] = [];
  omitted = 0;

  /** A plain number field (integers, fixed-point values already scaled by the codec). */
  num(metric: Metric, value: number | string | undefined, unit: string, scale = 1): void {
    if (typeof value !== 'number' || !Number.isFinite(value)) return;
    this.measurements.push({ metric, value: scaled(value, scale), unit });
  }

  /** A medical float field: a number is kept, a special value is omitted and counted. */
  med(metric: Metric, f: MedFloat | undefined, unit: string, scale = 1): void {
    if (f === undefined) return; // field absent (flag clear)
    if (f.kind !== 'number') {
      this.omitted++;
      return;
    }
    this.measurements.push({ metric, value: scaled(f.value, scale), unit });
  }

  result(extra: Omit<MappedReading, 'measurements' | 'omitted'>): MappedReading {
    return { measurements: this.measurements, omitted: this.omitted, ...extra };
  }
}

/** value × scale without binary noise (0.00095 × 100 000 = 95, not 95.00000000000001). */
function scaled(value: number, scale: number): number {
  return scale === 1 ? value : Number((value * scale).toPrecision(12));
}

const pressureUnit = (u: BloodPressureUnit): string => (u === 'kPa' ? 'kPa' : 'mm[Hg]');
const temperatureUnit = (u: TemperatureUnit): string => (u === 'degF' ? '[degF]' : 'Cel');
const massUnit = (u: MeasurementUnits): string => (u === 'imperial' ? '[lb_av]' : 'kg');
const lengthUnit = (u: MeasurementUnits): string => (u === 'imperial' ? '[in_i]' : 'm');

/** A mandatory scale field that may hold "Measurement Unsuccessful" (0xFFFF): omitted and counted. */
function scaleField(c: Collector, metric: Metric, v: number | string | undefined, unit: string): void {
  if (v === MEASUREMENT_UNSUCCESSFUL) c.omitted++;
  else c.num(metric, v, unit);
}

const heartRate = (v: HeartRateMeasurement): MappedReading => {
  const c = new Collector();
  c.num('heart-rate', v.heartRate, '/min');
  c.num('energy-expended', v.energyExpended, 'kJ');
  for (const rr of v.rrIntervalsMs) c.num('rr-interval', rr, 'ms');
  return c.result({ deviceTime: null });
};

const bloodPressure = (v: BloodPressureMeasurement): MappedReading => {
  const c = new Collector();
  const unit = pressureUnit(v.unit);
  c.med('bp-systolic', v.systolic, unit);
  c.med('bp-diastolic', v.diastolic, unit);
  c.med('bp-mean', v.meanArterialPressure, unit);
  c.med('pulse-rate', v.pulseRate, '/min');
  return c.result({ deviceTime: v.timeStamp ?? null });
};

const cuffPressure = (v: IntermediateCuffPressure): MappedReading => {
  const c = new Collector();
  c.med('cuff-pressure', v.currentCuffPressure, pressureUnit(v.unit));
  c.med('pulse-rate', v.pulseRate, '/min');
  return c.result({ deviceTime: v.timeStamp ?? null, intermediate: true });
};

const temperature =
  (intermediate: boolean) =>
  (v: TemperatureMeasurement): MappedReading => {
    const c = new Collector();
    c.med('body-temperature', v.temperatureMeasurementValue, temperatureUnit(v.unit));
    return c.result({ deviceTime: v.timeStamp ?? null, ...(intermediate ? { intermediate: true } : {}) });
  };

const plxSpotCheck = (v: PlxSpotCheckMeasurement): MappedReading => {
  const c = new Collector();
  c.med('spo2', v.spo2PrSpotCheck.spo2, '%');
  c.med('pulse-rate', v.spo2PrSpotCheck.pr, '/min');
  c.med('pulse-amplitude-index', v.pulseAmplitudeIndex, '%');
  // PLX Spot-check flags bit 4 "Device Clock is Not Set": the time stamp means nothing.
  return c.result({ deviceTime: v.timestamp ?? null, ...(v.deviceClockNotSet ? { clockNotSet: true } : {}) });
};

const plxContinuous = (v: PlxContinuousMeasurement): MappedReading => {
  const c = new Collector();
  // The Normal averaging is mandatory; Fast and Slow stay in `decoded`.
  c.med('spo2', v.spo2PrNormal.spo2, '%');
  c.med('pulse-rate', v.spo2PrNormal.pr, '/min');
  c.med('pulse-amplitude-index', v.pulseAmplitudeIndex, '%');
  return c.result({ deviceTime: null });
};

const glucose = (v: GlucoseMeasurement): MappedReading => {
  const c = new Collector();
  if (v.glucoseConcentration !== undefined && v.glucoseConcentration.kind !== 'number') c.omitted++;
  else if (v.unit === 'mol/L') c.num('glucose', v.concentrationMmolPerL, 'mmol/L');
  else c.num('glucose', v.concentrationMgPerDl, 'mg/dL');
  return c.result({
    deviceTime: v.baseTime,
    ...(v.timeOffset !== undefined ? { deviceTimeOffsetMinutes: v.timeOffset } : {}),
    deviceSequence: v.sequenceNumber,
    contextFollows: v.contextInformationFollows,
  });
};

const weight = (v: WeightMeasurement): MappedReading => {
  const c = new Collector();
  scaleField(c, 'body-weight', v.weight, massUnit(v.measurementUnits));
  c.num('bmi', v.bmi, 'kg/m2');
  c.num('body-height', v.height, lengthUnit(v.measurementUnits));
  return c.result({ deviceTime: v.timeStamp ?? null });
};

const bodyComposition = (v: BodyCompositionMeasurement): MappedReading => {
  const c = new Collector();
  const mass = massUnit(v.measurementUnits);
  scaleField(c, 'body-fat', v.bodyFatPercentage, '%');
  c.num('basal-metabolism', v.basalMetabolism, 'kJ');
  c.num('muscle-percentage', v.musclePercentage, '%');
  c.num('muscle-mass', v.muscleMass, mass);
  c.num('fat-free-mass', v.fatFreeMass, mass);
  c.num('soft-lean-mass', v.softLeanMass, mass);
  c.num('body-water-mass', v.bodyWaterMass, mass);
  c.num('impedance', v.impedance, 'Ohm');
  c.num('body-weight', v.weight, mass);
  c.num('body-height', v.height, lengthUnit(v.measurementUnits));
  return c.result({ deviceTime: v.timeStamp ?? null });
};

/** Mappers by uppercase UUID16: every measurement characteristic the gateway journals. */
export const MEASUREMENT_MAPPERS: Readonly<Record<string, Mapper>> = {
  '2A37': heartRate,
  '2A35': bloodPressure,
  '2A36': cuffPressure,
  '2A1C': temperature(false),
  '2A1E': temperature(true),
  '2A5E': plxSpotCheck,
  '2A5F': plxContinuous,
  '2A18': glucose,
  '2A9D': weight,
  '2A9C': bodyComposition,
};

/** Maps one decoded value; null for a characteristic that is not a measurement. */
export function mapMeasurements(uuid16: string, decoded: unknown): MappedReading | null {
  const mapper = MEASUREMENT_MAPPERS[uuid16.toUpperCase()];
  if (!mapper || typeof decoded !== 'object' || decoded === null) return null;
  return (mapper as (value: unknown) => MappedReading)(decoded);
}
