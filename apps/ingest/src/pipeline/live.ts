import { topics, type LiveReading, type ReadingV1 } from '@openward/contracts';

/** Topic and payload of the LiveReading for an accepted, stored reading (brief §3, DESIGN.md §2). Pure. */
export function liveMessage(
  reading: ReadingV1,
  patientId: string | null,
  storedAtMs: number,
): { topic: string; payload: Buffer } {
  const live: LiveReading = {
    schema: 'openward.live-reading/1',
    patientId,
    storedAt: new Date(storedAtMs).toISOString(),
    reading,
  };
  return {
    topic: patientId === null ? topics.liveUnassigned : topics.liveReadings(patientId),
    payload: Buffer.from(JSON.stringify(live)),
  };
}
