import { useEffect, useReducer, useRef, useState } from 'react';
import { LIVE_EVENTS, vitalEventSchema } from '@openward/contracts';
import { ApiError } from '../../../lib/api-client';
import type { LiveSocket } from '../../../lib/live-socket';
import { useServices } from '../../../lib/services';
import { getLatestVitals, getPatients } from '../api/vitals-api';
import { subscribePatient } from '../api/live-subscriptions';
import { initialVitalsState, vitalsReducer, type VitalsState } from '../utils/vitals-state';

// After a server-side disconnect socket.io does not reconnect by itself; wait before asking again.
const SERVER_DISCONNECT_RETRY_MS = 2000;

export interface LiveVitals {
  state: VitalsState;
  retry(): void;
}

/**
 * Loads the caller's patients and their latest vitals, then keeps them live over socket.io:
 * on every (re)connect it subscribes each patient and re-fetches the latest vitals (catch-up for whatever
 * was stored while disconnected). `onUnauthorized` runs when the API rejects the token (401).
 */
export function useLiveVitals(token: string, onUnauthorized: () => void): LiveVitals {
  const { api, connectLive } = useServices();
  const [state, dispatch] = useReducer(vitalsReducer, initialVitalsState);
  const [attempt, setAttempt] = useState(0);
  const onUnauthorizedRef = useRef(onUnauthorized);
  useEffect(() => {
    onUnauthorizedRef.current = onUnauthorized;
  }, [onUnauthorized]);

  useEffect(() => {
    let cancelled = false;
    const abort = new AbortController();
    let socket: LiveSocket | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    dispatch({ type: 'reset' });

    const isUnauthorized = (e: unknown) => e instanceof ApiError && e.status === 401;

    const fetchLatest = async (patientIds: string[]) => {
      const results = await Promise.allSettled(
        patientIds.map((id) => getLatestVitals(api, token, id, abort.signal)),
      );
      if (cancelled) return;
      for (const r of results) {
        if (r.status === 'fulfilled') dispatch({ type: 'latestLoaded', response: r.value });
        else if (isUnauthorized(r.reason)) return onUnauthorizedRef.current();
        // Other failures leave the tile as it is; its age keeps counting and turns it stale.
      }
    };

    const start = async () => {
      const patients = await getPatients(api, token, abort.signal);
      if (cancelled) return;
      dispatch({ type: 'patientsLoaded', patients });
      const ids = patients.map((p) => p.id);
      await fetchLatest(ids);
      if (cancelled || ids.length === 0) return;

      const live = connectLive(token);
      socket = live;
      live.on(LIVE_EVENTS.vital, (payload) => {
        const event = vitalEventSchema.safeParse(payload);
        if (event.success) dispatch({ type: 'vital', event: event.data });
      });
      live.on('connect', () => {
        dispatch({ type: 'connection', status: 'live' });
        void Promise.all(
          ids.map(async (patientId) => {
            const ack = await subscribePatient(live, patientId);
            if (!cancelled) dispatch({ type: 'subscription', patientId, ack });
          }),
        ).then(() => (cancelled ? undefined : fetchLatest(ids)));
      });
      live.on('disconnect', (reason) => {
        if (cancelled) return;
        dispatch({ type: 'connection', status: 'reconnecting' });
        if (reason === 'io server disconnect') {
          retryTimer = setTimeout(() => live.connect(), SERVER_DISCONNECT_RETRY_MS);
        }
      });
      live.on('connect_error', () => {
        if (!cancelled) dispatch({ type: 'connection', status: 'reconnecting' });
      });
    };

    start().catch((e: unknown) => {
      if (cancelled) return;
      if (isUnauthorized(e)) onUnauthorizedRef.current();
      else dispatch({ type: 'loadFailed', message: e instanceof Error ? e.message : 'Unknown error' });
    });

    return () => {
      cancelled = true;
      abort.abort();
      clearTimeout(retryTimer);
      socket?.disconnect();
    };
  }, [api, connectLive, token, attempt]);

  return { state, retry: () => setAttempt((n) => n + 1) };
}
