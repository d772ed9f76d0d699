import { DEMO_PATIENT_USERS, DEMO_PATIENTS, DEMO_STAFF } from '@openward/testing';
import type { RouteCase } from './route-case.js';

/**
 * Who calls in the authorisation matrix: the four demo roles (nurse in team-north; the clinician in both teams;
 * the admin in none; the patient account of p-1001), no token, a token signed with another key, an expired
 * token, and an internal service's own token.
 */
export const CALLERS = [
  'admin',
  'nurse',
  'clinician',
  'patient',
  'none',
  'forged',
  'expired',
  'service',
] as const;
export type Caller = (typeof CALLERS)[number];

/** The patient a patient-scoped case is called for: the caller's own (team north) and another team's. */
export const OWN_PATIENT = 'p-1001';
/** The demo patient account that signs in as `patient` (its own record is {@link OWN_PATIENT}). */
export const PATIENT_ACCOUNT =
  DEMO_PATIENT_USERS.find((u) => u.patientId === OWN_PATIENT) ?? DEMO_PATIENT_USERS[0];
export const OTHER_PATIENT = 'p-1003';

/** What the matrix expects of one call. */
export type Expected =
  | { readonly kind: 'allowed'; readonly status: number }
  /** A destructive case's allowed call: not made. */
  | { readonly kind: 'skip' }
  /** 401, no usable credentials for this route. */
  | { readonly kind: 'unauthenticated' }
  /** 403 (or 404 hiding the patient): signed in, but not this role or not this patient. */
  | { readonly kind: 'refused'; readonly why: 'role' | 'patient' };

/** Whether a caller may see a demo patient's data (the PatientAccess rule over the demo world). Pure. */
export function sees(caller: Caller, patientId: string): boolean {
  const patient = DEMO_PATIENTS.find((p) => p.id === patientId);
  if (!patient) return false;
  if (caller === 'patient') return PATIENT_ACCOUNT.patientId === patientId;
  const staff = DEMO_STAFF.find((s) => s.role === caller);
  return staff !== undefined && (staff.careTeamIds as readonly string[]).includes(patient.careTeamId);
}

/** The expected outcome of `c` called by `caller` for `patientId` (the own patient when not patient-scoped). */
export function expectedOutcome(c: RouteCase, caller: Caller, patientId: string): Expected {
  const allowed: Expected = c.destructive ? { kind: 'skip' } : { kind: 'allowed', status: c.okStatus ?? 200 };
  if (c.allow === 'public') return allowed;
  if (c.allow === 'service') return caller === 'service' ? allowed : { kind: 'unauthenticated' };
  if (caller === 'none' || caller === 'forged' || caller === 'expired' || caller === 'service') {
    return { kind: 'unauthenticated' };
  }
  if (!c.allow.includes(caller)) return { kind: 'refused', why: 'role' };
  if (c.patient && !sees(caller, patientId)) return { kind: 'refused', why: 'patient' };
  return allowed;
}

/** Fields and values that must never appear in a refusal (patient data, names, vitals). */
export const PATIENT_DATA_MARKERS: readonly string[] = [
  '"displayName"',
  '"givenName"',
  '"familyName"',
  '"birthDate"',
  '"mrn"',
  '"vitals"',
  '"valueQuantity"',
  '"value"',
  '"items"',
  '"entry"',
  ...DEMO_PATIENTS.map((p) => p.displayName),
];
