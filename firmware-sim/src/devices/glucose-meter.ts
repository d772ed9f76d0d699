/**
 * A simulated blood glucose meter (Glucose service 1808). Each measurement is stored with a sequence
 * number, base time (the device clock, year 0 when not set, with the time-fault annunciation) and time
 * offset, sometimes with a 0x2A34 meal context. Nothing is sent unprompted: a collector writes a Record
 * Access Control Point request to 2a52, the meter notifies the selected records as 2a18 (+ 2a34), paced
 * like a BLE connection, then indicates the RACP response on 2a52 (racp-server.ts holds the logic).
 */
import { decodeRecordAccessControlPoint, type RacpRequest } from '@openward/ble-codecs';
import { dateTimeFieldsAt } from '../clock.js';
import {
  encodeGlucoseContextValue,
  encodeGlucoseFeatureValue,
  encodeGlucoseRecordValue,
  encodeRacpValue,
  type Encoded,
} from '../gatt/encode.js';
import { UUID } from '../gatt/layout.js';
import type { Random } from '../physiology.js';
import { responseToUndecodable, serveRacp, type GlucoseRecord, type MealContext } from './racp-server.js';
import {
  SimDevice,
  numberOverrides,
  type DeviceSetup,
  type Emission,
  type MeasureOutcome,
  type Overrides,
  type Step,
  type WriteContext,
  type WriteOutcome,
} from './device.js';

const SERVICE = UUID.glucoseService;
/** Real ms between record notifications in a transfer (a few BLE connection intervals). */
export const RECORD_GAP_MS = 15;
const MEALS: readonly MealContext[] = ['preprandial', 'postprandial', 'fasting', 'casual', 'bedtime'];

/** The meal context a patient would pick at that hour of the (UTC) day, if any. */
export function mealAt(ms: number): GlucoseRecord['context'] {
  const hour = new Date(ms).getUTCHours() + new Date(ms).getUTCMinutes() / 60;
  if (hour >= 5 && hour < 7.5) return { meal: 'fasting' };
  for (const meal of [7.5, 12.5, 18.5]) {
    if (hour >= meal - 0.75 && hour < meal) return { meal: 'preprandial' };
    if (hour >= meal + 1 && hour < meal + 2.5) return { meal: 'postprandial', carbohydrateGrams: 60 };
  }
  if (hour >= 21.5) return { meal: 'bedtime' };
  return undefined;
}

export class GlucoseMeter extends SimDevice {
  private records: GlucoseRecord[] = [];
  private nextSequence = 1;

  constructor(setup: DeviceSetup & { storedRecords: number }, random: Random, simNow: number) {
    super(setup, random, simNow);
    // History: the patient tested about every 8 hours before the simulation started.
    for (let i = setup.storedRecords; i > 0; i--) this.store(simNow - i * 8 * 3_600_000, {});
  }

  protected readOwn(characteristic: string): Encoded {
    if (characteristic === UUID.glucoseFeature) return encodeGlucoseFeatureValue();
    return { ok: false, code: 'UNSUPPORTED', message: `${characteristic} is not readable` };
  }

  /** The store, oldest first (control API `GET /devices/{address}/records`). */
  storedRecords(): readonly GlucoseRecord[] {
    return this.records;
  }

  /** A new test strip result: stored, not sent (a collector fetches it through RACP). */
  override measure(simNow: number, overrides: Overrides): MeasureOutcome {
    const o = numberOverrides(overrides, { glucoseMmolL: [0.5, 33] });
    if (!o.ok) return o;
    const meal = overrides['meal'];
    if (meal !== undefined && !(MEALS as readonly unknown[]).includes(meal)) {
      return { ok: false, code: 'BAD_REQUEST', message: `"meal" must be one of ${MEALS.join(', ')}` };
    }
    this.drain(simNow, 1);
    const record = this.store(simNow, {
      ...(o.value.glucoseMmolL === undefined ? {} : { mmolL: o.value.glucoseMmolL }),
      ...(meal === undefined ? {} : { context: { meal: meal as MealContext } }),
    });
    return { ok: true, steps: [], summary: { record } };
  }

  override write(characteristic: string, data: Uint8Array, ctx: WriteContext): WriteOutcome {
    if (characteristic !== UUID.racp) return super.write(characteristic, data, ctx);
    // GLS v1.0 §3.2: indications must be enabled (ATT 0x81), one procedure at a time (ATT 0x80).
    if (!ctx.subscribed(UUID.racp)) {
      return {
        ok: false,
        code: 'GATT_ERROR',
        message: 'client characteristic configuration descriptor improperly configured (0x81)',
      };
    }
    const decoded = decodeRecordAccessControlPoint(data);
    const request = decoded.ok && isRequest(decoded.value) ? decoded.value : undefined;
    if (ctx.busy && request?.opCode !== 'abort-operation') {
      return { ok: false, code: 'GATT_ERROR', message: 'procedure already in progress (0x80)' };
    }
    if (!request) return { ok: true, steps: [this.racpStep(responseToUndecodable(data))] };
    const outcome = serveRacp(this.records, request);
    switch (outcome.kind) {
      case 'abort':
        return { ok: true, cancelTransfer: true, steps: [this.racpStep(outcome.response)] };
      case 'respond':
        return { ok: true, steps: [this.racpStep(outcome.response)] };
      case 'deleted':
        this.records = outcome.remaining;
        return { ok: true, steps: [this.racpStep(outcome.response)] };
      case 'records': {
        const steps: Step[] = [];
        for (const [i, record] of outcome.records.entries()) {
          const copies = i === 0 && this.faults.duplicate > 0 ? 2 : 1;
          if (copies === 2) this.faults.duplicate -= 1;
          for (let k = 0; k < copies; k++) {
            for (const emission of this.recordEmissions(record))
              steps.push({ realDelayMs: RECORD_GAP_MS, emission });
          }
        }
        steps.push(this.racpStep(outcome.response));
        return { ok: true, steps };
      }
    }
  }

  override status(): Record<string, unknown> {
    return {
      ...super.status(),
      storedRecords: this.records.length,
      lastSequenceNumber: this.nextSequence - 1,
    };
  }

  private recordEmissions(record: GlucoseRecord): Emission[] {
    const m = encodeGlucoseRecordValue(record);
    // Records are built by this class from validated values; an encode failure is a bug here.
    if (!m.ok) throw new Error(`glucose record ${record.sequenceNumber} is unencodable: ${m.message}`);
    const out = [this.emission(SERVICE, UUID.glucoseMeasurement, m.value)];
    if (record.context) {
      const c = encodeGlucoseContextValue(record.sequenceNumber, record.context);
      if (!c.ok) throw new Error(`glucose context ${record.sequenceNumber} is unencodable: ${c.message}`);
      out.push(this.emission(SERVICE, UUID.glucoseContext, c.value));
    }
    return out;
  }

  private racpStep(response: Parameters<typeof encodeRacpValue>[0]): Step {
    const bytes = encodeRacpValue(response);
    if (!bytes.ok) throw new Error(`RACP response is unencodable: ${bytes.message}`);
    return { realDelayMs: RECORD_GAP_MS, emission: this.housekeeping(SERVICE, UUID.racp, bytes.value) };
  }

  private store(atMs: number, given: { mmolL?: number; context?: GlucoseRecord['context'] }): GlucoseRecord {
    const v = this.vitals(atMs);
    const context = given.context ?? mealAt(atMs);
    const record: GlucoseRecord = {
      sequenceNumber: this.nextSequence,
      baseTime: dateTimeFieldsAt(this.clock, atMs),
      timeOffsetMinutes: 0,
      mmolL: Math.round((given.mmolL ?? v.glucoseMmolL) * 10) / 10,
      status: { deviceBatteryLow: this.batteryLevel <= 10, timeFault: !this.clock.set },
      measuredAtMs: atMs,
      ...(context ? { context } : {}),
    };
    this.nextSequence = this.nextSequence >= 0xffff ? 1 : this.nextSequence + 1;
    this.records.push(record);
    return record;
  }
}

function isRequest(v: { opCode: string }): v is RacpRequest {
  return v.opCode !== 'response-code' && v.opCode !== 'number-of-stored-records-response';
}
