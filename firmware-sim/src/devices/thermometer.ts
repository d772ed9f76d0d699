/**
 * A simulated health thermometer (Health Thermometer service 1809): while measuring it notifies
 * Intermediate Temperature 2a1e readings converging on the result, then indicates Temperature
 * Measurement 2a1c in Cel with time stamp and temperature type. Temperature Type 2a1d and Measurement
 * Interval 2a21 (the automatic measurement period, seconds; 0 = none) are readable.
 */
import {
  encodeMeasurementIntervalValue,
  encodeTemperatureTypeValue,
  encodeTemperatureValue,
  type Encoded,
} from '../gatt/encode.js';
import { UUID } from '../gatt/layout.js';
import { SimDevice, numberOverrides, type MeasureOutcome, type Overrides, type Step } from './device.js';

const SERVICE = UUID.thermometerService;
/** Where this thermometer measures (HTS Temperature Type): an ear (infrared) thermometer. */
export const THERMOMETER_TYPE = 'ear' as const;
/** Simulated ms between intermediate readings. */
export const INTERMEDIATE_STEP_MS = 700;

export class Thermometer extends SimDevice {
  protected readOwn(characteristic: string): Encoded {
    if (characteristic === UUID.temperatureType) return encodeTemperatureTypeValue(THERMOMETER_TYPE);
    if (characteristic === UUID.measurementInterval) {
      return encodeMeasurementIntervalValue(
        Math.min(65535, Math.round((this.measureIntervalSimMs ?? 0) / 1000)),
      );
    }
    return { ok: false, code: 'UNSUPPORTED', message: `${characteristic} is not readable` };
  }

  override measure(simNow: number, overrides: Overrides): MeasureOutcome {
    const o = numberOverrides(overrides, { temperatureC: [25, 45] });
    if (!o.ok) return o;
    this.drain(simNow, 1);
    const celsius = Math.round((o.value.temperatureC ?? this.vitals(simNow).temperatureC) * 100) / 100;
    const steps: Step[] = [];
    // The reading climbs towards the result as the probe warms: −1.2, −0.5, −0.15 °C.
    for (const [i, below] of [1.2, 0.5, 0.15].entries()) {
      const bytes = encodeTemperatureValue({ celsius: Math.round((celsius - below) * 100) / 100 }, true);
      if (!bytes.ok) return { ok: false, code: 'BAD_REQUEST', message: bytes.message };
      steps.push({
        simDelayMs: i === 0 ? 0 : INTERMEDIATE_STEP_MS,
        emission: this.emission(SERVICE, UUID.intermediateTemperature, bytes.value),
      });
    }
    const value = {
      celsius,
      timeStamp: this.timestamp(simNow + 3 * INTERMEDIATE_STEP_MS),
      type: THERMOMETER_TYPE,
    };
    const bytes = encodeTemperatureValue(value, false);
    if (!bytes.ok) return { ok: false, code: 'BAD_REQUEST', message: bytes.message };
    steps.push(
      ...this.finalSteps(
        this.emission(SERVICE, UUID.temperatureMeasurement, bytes.value),
        INTERMEDIATE_STEP_MS,
      ),
    );
    return { ok: true, steps, summary: value };
  }
}
