import { LIVE_EVENTS, subscribeAckSchema, type SubscribeAck } from '@openward/contracts';
import type { LiveSocket } from '../../../lib/live-socket';

export type SubscribeOutcome = SubscribeAck | { ok: false; code: 'TIMEOUT' };

/** Emits `subscribe {patientId}` and resolves with the server's ack (or TIMEOUT; a malformed ack counts as one). */
export function subscribePatient(
  socket: LiveSocket,
  patientId: string,
  timeoutMs = 10_000,
): Promise<SubscribeOutcome> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ ok: false, code: 'TIMEOUT' }), timeoutMs);
    socket.emit(LIVE_EVENTS.subscribe, { patientId }, (response) => {
      clearTimeout(timer);
      const ack = subscribeAckSchema.safeParse(response);
      resolve(ack.success ? ack.data : { ok: false, code: 'TIMEOUT' });
    });
  });
}
