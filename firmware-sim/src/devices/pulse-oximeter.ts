/**
 * A simulated pulse oximeter (Pulse Oximeter service 1822): PLX Continuous Measurement 2a5f notified at
 * the notification interval, PLX Spot-Check Measurement 2a5e indicated on demand or on the measurement
 * schedule (with a time stamp when the device has a clock), both with the pulse amplitude index; PLX
 * Features 2a60 readable.
 */
import {
  encodePlxContinuousValue,
  encodePlxFeaturesValue,
  encodePlxSpotValue,
  type Encoded,
} from '../gatt/encode.js';
import { UUID } from '../gatt/layout.js';
import { SimDevice, numberOverrides, type Emission, type MeasureOutcome, type Overrides } from './device.js';

const SERVICE = UUID.pulseOximeterService;

export class PulseOximeter extends SimDevice {
  protected override drainPerHour = 0.8;

  override tickIntervalSimMs(notifyIntervalMs: number): number {
    return notifyIntervalMs;
  }

  protected readOwn(characteristic: string): Encoded {
    if (characteristic === UUID.plxFeatures) return encodePlxFeaturesValue(this.hasClock);
    return { ok: false, code: 'UNSUPPORTED', message: `${characteristic} is not readable` };
  }

  override tick(simNow: number): Emission[] {
    this.drain(simNow);
    const v = this.vitals(simNow);
    const bytes = encodePlxContinuousValue({
      spo2: Math.round(v.spo2),
      pulseRate: Math.round(v.heartRate),
      pulseAmplitudeIndex: round1(v.pulseAmplitudeIndex),
    });
    if (!bytes.ok) throw new Error(`oximeter produced an unencodable sample: ${bytes.message}`);
    return [this.emission(SERVICE, UUID.plxContinuous, bytes.value)];
  }

  override measure(simNow: number, overrides: Overrides): MeasureOutcome {
    const o = numberOverrides(overrides, {
      spo2: [0, 100],
      pulseRate: [0, 300],
      pulseAmplitudeIndex: [0, 100],
    });
    if (!o.ok) return o;
    this.drain(simNow, 1);
    const v = this.vitals(simNow);
    const value = {
      spo2: o.value.spo2 ?? Math.round(v.spo2),
      pulseRate: o.value.pulseRate ?? Math.round(v.heartRate),
      pulseAmplitudeIndex: o.value.pulseAmplitudeIndex ?? round1(v.pulseAmplitudeIndex),
      timeStamp: this.timestamp(simNow),
    };
    const bytes = encodePlxSpotValue(value);
    if (!bytes.ok) return { ok: false, code: 'BAD_REQUEST', message: bytes.message };
    return {
      ok: true,
      steps: this.finalSteps(this.emission(SERVICE, UUID.plxSpotCheck, bytes.value)),
      summary: value,
    };
  }
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
