import type { LatestVitalsResponse, PatientSummary, SubscribeAck, VitalEvent } from '@openward/contracts';

/**
 * State of the live vitals board and the pure reducer that merges REST snapshots and live events into it.
 * Rule: a patient's displayed heart rate only ever moves forward in `measuredAt`; anything older than (or as
 * old as) what is shown is ignored, so redelivered, out-of-order or catch-up data never makes the age jump back.
 */

/** The heart-rate reading shown on a tile. */
export interface HeartRateView {
  value: number;
  /** UCUM unit as stored (`/min`). */
  unit: string;
  measuredAtMs: number;
  measuredAt: string;
  readingId: string;
  /** Latest beat-to-beat interval of the same reading, in ms, if the strap sent one. */
  rrIntervalMs: number | null;
}

export type SubscriptionState =
  { status: 'pending' } | { status: 'subscribed' } | { status: 'failed'; code: string };

export interface PatientVitals {
  patient: PatientSummary;
  heartRate: HeartRateView | null;
  subscription: SubscriptionState;
}

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting';

export interface VitalsState {
  load: 'loading' | 'ready' | 'failed';
  loadError: string | null;
  patients: PatientVitals[];
  connection: ConnectionStatus;
}

export const initialVitalsState: VitalsState = {
  load: 'loading',
  loadError: null,
  patients: [],
  connection: 'connecting',
};

export type VitalsAction =
  | { type: 'reset' }
  | { type: 'patientsLoaded'; patients: PatientSummary[] }
  | { type: 'loadFailed'; message: string }
  | { type: 'latestLoaded'; response: LatestVitalsResponse }
  | { type: 'vital'; event: VitalEvent }
  | { type: 'subscription'; patientId: string; ack: SubscribeAck | { ok: false; code: 'TIMEOUT' } }
  | { type: 'connection'; status: ConnectionStatus };

/** Heart rate (+ its last RR interval) carried by a live event, or null if it has none. */
export function heartRateFromEvent(event: VitalEvent): HeartRateView | null {
  const hr = event.measurements.find((m) => m.metric === 'heart-rate');
  const measuredAtMs = Date.parse(event.measuredAt);
  if (!hr || Number.isNaN(measuredAtMs)) return null;
  const lastRr = event.measurements.filter((m) => m.metric === 'rr-interval').at(-1);
  return {
    value: hr.value,
    unit: hr.unit,
    measuredAtMs,
    measuredAt: event.measuredAt,
    readingId: event.readingId,
    rrIntervalMs: lastRr ? lastRr.value : null,
  };
}

/** Heart rate from `GET /vitals/latest`; the RR interval is used only if it belongs to the same reading. */
export function heartRateFromLatest(response: LatestVitalsResponse): HeartRateView | null {
  const hr = response.vitals.find((v) => v.metric === 'heart-rate');
  if (!hr) return null;
  const measuredAtMs = Date.parse(hr.measuredAt);
  if (Number.isNaN(measuredAtMs)) return null;
  const rr = response.vitals.find((v) => v.metric === 'rr-interval' && v.readingId === hr.readingId);
  return {
    value: hr.value,
    unit: hr.unit,
    measuredAtMs,
    measuredAt: hr.measuredAt,
    readingId: hr.readingId,
    rrIntervalMs: rr ? rr.value : null,
  };
}

/** Keeps the newer of two readings by `measuredAt`; ties keep the current one (same or duplicate reading). */
export function newerHeartRate(
  current: HeartRateView | null,
  incoming: HeartRateView | null,
): HeartRateView | null {
  if (!incoming) return current;
  if (!current) return incoming;
  return incoming.measuredAtMs > current.measuredAtMs ? incoming : current;
}

function updatePatient(
  state: VitalsState,
  patientId: string,
  update: (p: PatientVitals) => PatientVitals,
): VitalsState {
  const index = state.patients.findIndex((p) => p.patient.id === patientId);
  const before = state.patients[index];
  if (!before) return state;
  const after = update(before);
  if (after === before) return state;
  const patients = state.patients.slice();
  patients[index] = after;
  return { ...state, patients };
}

function withHeartRate(state: VitalsState, patientId: string, incoming: HeartRateView | null): VitalsState {
  return updatePatient(state, patientId, (p) => {
    const heartRate = newerHeartRate(p.heartRate, incoming);
    return heartRate === p.heartRate ? p : { ...p, heartRate };
  });
}

export function vitalsReducer(state: VitalsState, action: VitalsAction): VitalsState {
  switch (action.type) {
    case 'reset':
      return initialVitalsState;
    case 'patientsLoaded':
      return {
        ...state,
        load: 'ready',
        loadError: null,
        patients: action.patients.map((patient) => ({
          patient,
          heartRate: null,
          subscription: { status: 'pending' },
        })),
      };
    case 'loadFailed':
      return { ...state, load: 'failed', loadError: action.message };
    case 'latestLoaded':
      return withHeartRate(state, action.response.patientId, heartRateFromLatest(action.response));
    case 'vital':
      return withHeartRate(state, action.event.patientId, heartRateFromEvent(action.event));
    case 'subscription':
      return updatePatient(state, action.patientId, (p) => ({
        ...p,
        subscription: action.ack.ok ? { status: 'subscribed' } : { status: 'failed', code: action.ack.code },
      }));
    case 'connection':
      return state.connection === action.status ? state : { ...state, connection: action.status };
  }
}
