import { parseReading, type ReadingV1, type RejectCode } from '@openward/contracts';
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
 * gateway → not in the future → accept, attributing the reading to the patient the device was assigned to
 * when it was measured. First failure wins. Total: never throws.
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
  const patientId = ctx.registry.patientAt(reading.device.address, measuredAtMs);
  return { ok: true, reading, patientId, points: toPoints(reading, patientId, measuredAtMs) };
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
