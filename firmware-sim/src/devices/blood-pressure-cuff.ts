/**
 * A simulated upper-arm blood pressure monitor (Blood Pressure service 1810). A measurement is the
 * oscillometric cycle a real cuff runs: Intermediate Cuff Pressure 2a36 notifications while it inflates
 * to ~30 mmHg above systolic and deflates in steps past diastolic, then one Blood Pressure Measurement
 * 2a35 indication with time stamp, pulse rate and measurement status (irregular pulse in atrial
 * fibrillation). Blood Pressure Feature 2a49 readable.
 */
import { encodeBpFeatureValue, encodeBpValue, encodeCuffValue, type Encoded } from '../gatt/encode.js';
import { UUID } from '../gatt/layout.js';
import { SimDevice, numberOverrides, type MeasureOutcome, type Overrides, type Step } from './device.js';

const SERVICE = UUID.bloodPressureService;
/** Simulated ms between intermediate cuff pressure notifications while inflating / deflating. */
export const INFLATE_STEP_MS = 400;
export const DEFLATE_STEP_MS = 600;
const INFLATE_MMHG_PER_STEP = 25;
const DEFLATE_MMHG_PER_STEP = 8;

/** The cuff pressures of one cycle: inflation to systolic + 30, deflation until below diastolic − 10. */
export function cuffPressures(systolic: number, diastolic: number): { inflate: number[]; deflate: number[] } {
  const peak = Math.round(systolic + 30);
  const inflate: number[] = [];
  for (let p = 0; p < peak; p += INFLATE_MMHG_PER_STEP) inflate.push(p);
  inflate.push(peak);
  const deflate: number[] = [];
  for (let p = peak - DEFLATE_MMHG_PER_STEP; p > diastolic - 10; p -= DEFLATE_MMHG_PER_STEP) deflate.push(p);
  deflate.push(Math.max(0, Math.round(diastolic - 10)));
  return { inflate, deflate };
}

export class BloodPressureCuff extends SimDevice {
  protected override drainPerMeasurement = 0.3;

  protected readOwn(characteristic: string): Encoded {
    if (characteristic === UUID.bloodPressureFeature) return encodeBpFeatureValue();
    return { ok: false, code: 'UNSUPPORTED', message: `${characteristic} is not readable` };
  }

  override measure(simNow: number, overrides: Overrides): MeasureOutcome {
    const o = numberOverrides(overrides, { systolic: [20, 300], diastolic: [10, 250], pulseRate: [20, 300] });
    if (!o.ok) return o;
    this.drain(simNow, 1);
    const v = this.vitals(simNow);
    const systolic = o.value.systolic ?? Math.round(v.systolic);
    const diastolic = o.value.diastolic ?? Math.round(v.diastolic);
    if (diastolic >= systolic)
      return { ok: false, code: 'BAD_REQUEST', message: '"diastolic" must be below "systolic"' };
    const pulseRate = o.value.pulseRate ?? Math.round(v.heartRate);
    const { inflate, deflate } = cuffPressures(systolic, diastolic);
    const steps: Step[] = [];
    for (const [i, pressure] of [...inflate, ...deflate].entries()) {
      const bytes = encodeCuffValue(pressure);
      if (!bytes.ok) return { ok: false, code: 'BAD_REQUEST', message: bytes.message };
      steps.push({
        simDelayMs: i === 0 ? 0 : i < inflate.length ? INFLATE_STEP_MS : DEFLATE_STEP_MS,
        emission: this.emission(SERVICE, UUID.intermediateCuffPressure, bytes.value),
      });
    }
    // The result is stamped when the cycle ends.
    const cycleMs = (inflate.length - 1) * INFLATE_STEP_MS + deflate.length * DEFLATE_STEP_MS;
    const value = {
      systolic,
      diastolic,
      meanArterialPressure: Math.round(diastolic + (systolic - diastolic) / 3),
      pulseRate,
      irregularPulse: v.irregularRhythm,
      timeStamp: this.timestamp(simNow + cycleMs),
    };
    const bytes = encodeBpValue(value);
    if (!bytes.ok) return { ok: false, code: 'BAD_REQUEST', message: bytes.message };
    steps.push(
      ...this.finalSteps(this.emission(SERVICE, UUID.bloodPressureMeasurement, bytes.value), DEFLATE_STEP_MS),
    );
    return { ok: true, steps, summary: { ...value, intermediateCuffPressures: [...inflate, ...deflate] } };
  }
}
