import {
  MAX_READING_BYTES,
  liveReadingSchema,
  parseLivePatientTopic,
  topics,
  type VitalEvent,
} from '@openward/contracts';

/** Why a live message was not pushed. `UNASSIGNED` is normal traffic; the others are invalid messages. */
export type LiveRejectCode =
  'OVERSIZE' | 'NOT_UTF8_JSON' | 'SCHEMA' | 'TOPIC_MISMATCH' | 'UNASSIGNED' | 'UNKNOWN_TOPIC';

export type LiveParseResult = { ok: true; event: VitalEvent } | { ok: false; code: LiveRejectCode };

/** A live message wraps one reading plus attribution, so allow the reading limit twice over. */
export const MAX_LIVE_MESSAGE_BYTES = 2 * MAX_READING_BYTES;

/**
 * Turns an MQTT message from ingest's live feed into the socket.io {@link VitalEvent}. Pure and total: never
 * throws, whatever the bytes. The patient in the payload must match the topic (defence against a confused
 * publisher routing one patient's data into another's room).
 */
export function parseLiveMessage(topic: string, payload: Uint8Array): LiveParseResult {
  const topicPatient = parseLivePatientTopic(topic);
  if (topicPatient === null) {
    return { ok: false, code: topic === topics.liveUnassigned ? 'UNASSIGNED' : 'UNKNOWN_TOPIC' };
  }
  if (payload.byteLength > MAX_LIVE_MESSAGE_BYTES) return { ok: false, code: 'OVERSIZE' };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    return { ok: false, code: 'NOT_UTF8_JSON' };
  }
  const r = liveReadingSchema.safeParse(json);
  if (!r.success) return { ok: false, code: 'SCHEMA' };
  const { patientId, storedAt, reading } = r.data;
  if (patientId !== topicPatient) return { ok: false, code: 'TOPIC_MISMATCH' };
  return {
    ok: true,
    event: {
      patientId,
      readingId: reading.id,
      deviceAddress: reading.device.address,
      characteristic: reading.characteristic,
      measuredAt: reading.measuredAt,
      receivedAt: reading.receivedAt,
      storedAt,
      measurements: reading.measurements,
    },
  };
}
