import {
  isPlausible,
  parseReading,
  physiologicalRangeOf,
  type Measurement,
  type ReadingV1,
  type RejectCode,
} from '@openward/contracts';
import type { RegistryPort } from '../registry/registry-port.js';
import type { NewPoint } from '../store/vitals-store.js';

/** Largest accepted clock skew into the future (DESIGN.md §6). */
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;

export interface ValidationContext {
  /** Gateway id from the topic `openward/v1/gw/{id}/readings`. */
  topicGatewayId: string;
  /** Gateway id the client authenticated as. */
  clientGatewayId: string;
  registry: Pick<RegistryPort, 'deviceGateway' | 'patientAt'>;
  nowMs: number;
}

export interface Accepted {
  ok: true;
  reading: ReadingV1;
  patientId: string | null;
  points: NewPoint[];
}

export interface Rejected {
  ok: false;
  code: RejectCode;
  message: string;
}

/**
 * The ingest pipeline as a pure function (DESIGN.md §6): parse → gateway match → device registered to this
 * gateway → not in the future → every measurement physiologically plausible → accept, attributing the
 * reading to the patient the device was assigned to when it was measured. First failure wins. Total: never
 * throws.
 */
export function validateReading(payload: Uint8Array, ctx: ValidationContext): Accepted | Rejected {
  const parsed = parseReading(payload);
  if (!parsed.ok) return parsed;
  const reading = parsed.value;
  if (reading.gatewayId !== ctx.topicGatewayId || reading.gatewayId !== ctx.clientGatewayId) {
    return {
      ok: false,
      code: 'GATEWAY_MISMATCH',
      message: `payload gatewayId ${reading.gatewayId} on topic of ${ctx.topicGatewayId} from client ${ctx.clientGatewayId}`,
    };
  }
  const owner = ctx.registry.deviceGateway(reading.device.address);
  if (owner !== reading.gatewayId) {
    return {
      ok: false,
      code: 'UNKNOWN_DEVICE',
      message:
        owner === undefined
          ? `device ${reading.device.address} is not registered`
          : `device ${reading.device.address} is registered to another gateway`,
    };
  }
  const measuredAtMs = Date.parse(reading.measuredAt);
  if (measuredAtMs > ctx.nowMs + MAX_FUTURE_SKEW_MS) {
    return {
      ok: false,
      code: 'FUTURE_TIMESTAMP',
      message: `measuredAt ${reading.measuredAt} is ${measuredAtMs - ctx.nowMs} ms ahead of ingest's clock`,
    };
  }
  const implausible = implausibleMeasurement(reading.measurements);
  if (implausible !== null) return { ok: false, code: 'OUT_OF_RANGE', message: implausible };
  const patientId = ctx.registry.patientAt(reading.device.address, measuredAtMs);
  return { ok: true, reading, patientId, points: toPoints(reading, patientId, measuredAtMs) };
}

/**
 * Why the first measurement outside its physiological plausibility range (contracts PHYSIOLOGICAL_RANGES,
 * DESIGN.md §6) is refused, or null when all are plausible. The message names the index, metric, unit and
 * range but not the value: it is logged, and the dead letter keeps the raw payload anyway.
 */
export function implausibleMeasurement(measurements: readonly Measurement[]): string | null {
  for (const [i, m] of measurements.entries()) {
    if (isPlausible(m.metric, m.unit, m.value)) continue;
    const range = physiologicalRangeOf(m.metric, m.unit);
    const bounds = range ? `${range[0]}–${range[1]}` : 'none for this unit';
    return `measurements[${i}] (${m.metric}, ${m.unit}) is outside the plausible range ${bounds}`;
  }
  return null;
}

/** One point per measurement; `idx` is the position in `measurements[]` (part of the primary key). */
export function toPoints(reading: ReadingV1, patientId: string | null, measuredAtMs: number): NewPoint[] {
  const receivedAtMs = Date.parse(reading.receivedAt);
  return reading.measurements.map((m, idx) => ({
    readingId: reading.id,
    idx,
    metric: m.metric,
    patientId,
    gatewayId: reading.gatewayId,
    deviceAddress: reading.device.address,
    characteristic: reading.characteristic,
    measuredAtMs,
    receivedAtMs,
    value: m.value,
    unit: m.unit,
  }));
}
