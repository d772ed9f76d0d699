/**
 * Simulated bathroom scales: a weight scale (Weight Scale service 181d, Weight Measurement 2a9d with
 * time stamp, BMI and height) and a body composition scale (Body Composition service 181b, Body
 * Composition Measurement 2a9c with body fat, time stamp, basal metabolism, impedance, weight and
 * height: 19 octets, one notification at the default MTU). Both indicate one measurement per weighing.
 */
import {
  encodeBodyCompositionFeatureValue,
  encodeBodyCompositionValue,
  encodeWeightScaleFeatureValue,
  encodeWeightValue,
  type Encoded,
} from '../gatt/encode.js';
import { UUID } from '../gatt/layout.js';
import { SimDevice, numberOverrides, type MeasureOutcome, type Overrides } from './device.js';

/** Weight Scale resolution used by both scales: 0.005 kg, height 0.001 m. */
const kg = (x: number): number => Math.round(x * 200) / 200;
const metres = (x: number): number => Math.round(x * 1000) / 1000;

export class WeightScale extends SimDevice {
  protected readOwn(characteristic: string): Encoded {
    if (characteristic === UUID.weightScaleFeature) return encodeWeightScaleFeatureValue(this.hasClock);
    return { ok: false, code: 'UNSUPPORTED', message: `${characteristic} is not readable` };
  }

  override measure(simNow: number, overrides: Overrides): MeasureOutcome {
    const o = numberOverrides(overrides, { weightKg: [1, 327], heightM: [0.5, 2.5] });
    if (!o.ok) return o;
    this.drain(simNow, 1);
    const v = this.vitals(simNow);
    const weightKg = kg(o.value.weightKg ?? v.weightKg);
    const heightM = metres(o.value.heightM ?? v.heightM);
    const value = {
      weightKg,
      heightM,
      bmi: Math.round((weightKg / (heightM * heightM)) * 10) / 10,
      timeStamp: this.timestamp(simNow),
    };
    const bytes = encodeWeightValue(value);
    if (!bytes.ok) return { ok: false, code: 'BAD_REQUEST', message: bytes.message };
    const e = this.emission(UUID.weightScaleService, UUID.weightMeasurement, bytes.value);
    return { ok: true, steps: this.finalSteps(e), summary: value };
  }
}

export class BodyCompositionScale extends SimDevice {
  protected readOwn(characteristic: string): Encoded {
    if (characteristic === UUID.bodyCompositionFeature)
      return encodeBodyCompositionFeatureValue(this.hasClock);
    return { ok: false, code: 'UNSUPPORTED', message: `${characteristic} is not readable` };
  }

  override measure(simNow: number, overrides: Overrides): MeasureOutcome {
    const o = numberOverrides(overrides, {
      bodyFatPercent: [1, 80],
      weightKg: [1, 327],
      heightM: [0.5, 2.5],
      impedanceOhm: [100, 1500],
      basalMetabolismKj: [1000, 30000],
    });
    if (!o.ok) return o;
    this.drain(simNow, 1);
    const v = this.vitals(simNow);
    const value = {
      bodyFatPercent: Math.round((o.value.bodyFatPercent ?? v.bodyFatPercent) * 10) / 10,
      weightKg: kg(o.value.weightKg ?? v.weightKg),
      heightM: metres(o.value.heightM ?? v.heightM),
      impedanceOhm: Math.round((o.value.impedanceOhm ?? v.impedanceOhm) * 10) / 10,
      basalMetabolismKj: Math.round(o.value.basalMetabolismKj ?? v.basalMetabolismKj),
      timeStamp: this.timestamp(simNow),
    };
    const bytes = encodeBodyCompositionValue(value);
    if (!bytes.ok) return { ok: false, code: 'BAD_REQUEST', message: bytes.message };
    const e = this.emission(UUID.bodyCompositionService, UUID.bodyCompositionMeasurement, bytes.value);
    return { ok: true, steps: this.finalSteps(e), summary: value };
  }
}
