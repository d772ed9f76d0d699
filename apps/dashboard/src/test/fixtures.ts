import {
  latestVitalsResponseSchema,
  loginResponseSchema,
  patientSummarySchema,
  readingId,
  vitalEventSchema,
  type LatestVitalsResponse,
  type LoginResponse,
  type PatientPage,
  type PatientSummary,
  type VitalEvent,
} from '@openward/contracts';

/**
 * API responses shaped exactly like the contracts (each fixture is parsed with the contract schema, so a
 * contract change breaks these tests instead of silently drifting). Mirrors the demo world of libs/testing.
 */

export const GATEWAY_ID = 'gw-demo-home-1';

export const T0 = Date.parse('2026-03-01T10:00:00.000Z');
export const iso = (ms: number): string => new Date(ms).toISOString();

export const NURSE_LOGIN: LoginResponse = loginResponseSchema.parse({
  accessToken:
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1LW51cnNlIiwicm9sZSI6Im51cnNlIn0.c2lnbmF0dXJl',
  expiresAt: iso(T0 + 15 * 60_000),
  user: { id: 'u-nurse', username: 'nurse', displayName: 'Nina Nurse', role: 'nurse' },
});

export const PATIENTS: PatientSummary[] = patientSummarySchema.array().parse([
  { id: 'p-1001', displayName: 'Ada Example', careTeamId: 'team-north' },
  { id: 'p-1002', displayName: 'Ben Sample', careTeamId: 'team-north' },
  { id: 'p-1003', displayName: 'Cleo Placeholder', careTeamId: 'team-south' },
]);

export const DEVICE_OF = {
  'p-1001': 'c0:ff:ee:00:10:01',
  'p-1002': 'c0:ff:ee:00:10:02',
  'p-1003': 'c0:ff:ee:00:10:03',
} as const;
export type DemoPatientId = keyof typeof DEVICE_OF;

/** `GET /api/patients/{id}/vitals/latest` with a heart rate and RR interval measured at `measuredAtMs`. */
export function latestVitals(
  patientId: DemoPatientId,
  reading?: { bpm: number; rrMs?: number; measuredAtMs: number },
): LatestVitalsResponse {
  if (!reading) return latestVitalsResponseSchema.parse({ patientId, vitals: [] });
  const address = DEVICE_OF[patientId];
  const id = readingId(GATEWAY_ID, address, '2A37', reading.measuredAtMs);
  const common = {
    measuredAt: iso(reading.measuredAtMs),
    storedAt: iso(reading.measuredAtMs + 40),
    readingId: id,
    deviceAddress: address,
  };
  const vitals = [{ metric: 'heart-rate', value: reading.bpm, unit: '/min', ...common }];
  if (reading.rrMs !== undefined)
    vitals.push({ metric: 'rr-interval', value: reading.rrMs, unit: 'ms', ...common });
  return latestVitalsResponseSchema.parse({ patientId, vitals });
}

/** A socket.io `vital` event as the API emits it for one 0x2A37 notification. */
export function vitalEvent(
  patientId: DemoPatientId,
  reading: { bpm: number; rrMs?: number[]; measuredAtMs: number },
): VitalEvent {
  const address = DEVICE_OF[patientId];
  return vitalEventSchema.parse({
    patientId,
    readingId: readingId(GATEWAY_ID, address, '2A37', reading.measuredAtMs),
    deviceAddress: address,
    characteristic: '2A37',
    measuredAt: iso(reading.measuredAtMs),
    receivedAt: iso(reading.measuredAtMs + 5),
    storedAt: iso(reading.measuredAtMs + 40),
    measurements: [
      { metric: 'heart-rate', value: reading.bpm, unit: '/min' },
      ...(reading.rrMs ?? []).map((value) => ({ metric: 'rr-interval', value, unit: 'ms' })),
    ],
  });
}

/** RFC 9457 problem document as the API sends it. */
export function problem(status: number, code: string, title: string, detail?: string) {
  return {
    type: `https://openward.dev/problems/${code.toLowerCase()}`,
    title,
    status,
    code,
    ...(detail ? { detail } : {}),
  };
}

/** `GET /api/patients` answer (one page) for these patients. */
export function patientPage(list: readonly PatientSummary[]): PatientPage {
  return { items: list.map((p) => ({ ...p, status: 'active', mrn: null })), next: null };
}
