import { DEMO_DEVICES } from '@openward/testing';
import { observationId, phdDeviceId } from '@openward/fhir';
import type { RouteCase } from './route-case.js';

const ALL = ['admin', 'nurse', 'clinician', 'patient'] as const;
const STAFF = ['admin', 'nurse', 'clinician'] as const;

/** A demo device assigned to the patient, as a FHIR Device id. */
const deviceOf = (patientId: string): string =>
  phdDeviceId(DEMO_DEVICES.find((d) => d.patientId === patientId)?.address ?? 'c0:ff:ee:00:10:01');

/**
 * Unused by the server (FHIR ignores unknown parameters): lets the matrix pick own / other patient for routes
 * whose id encodes the patient (Device/:id, Observation/:id), built from `ctx.patientId`.
 */
const PICK = { in: 'query', name: '_matrixPatient' } as const;

/** FHIR R4 at /fhir/R4 (docs/fhir.md). Errors are OperationOutcome. */
export const cases: readonly RouteCase[] = [
  { method: 'GET', path: '/fhir/R4/metadata', allow: 'public' },
  // Search is filtered, not refused: another team's patient simply does not match.
  { method: 'GET', path: '/fhir/R4/Patient', allow: ALL, build: () => ({ query: { _count: '5' } }) },
  { method: 'GET', path: '/fhir/R4/Patient/:id', allow: ALL, patient: { in: 'path', name: 'id' } },
  {
    method: 'GET',
    path: '/fhir/R4/Patient/:id/$everything',
    allow: ALL,
    patient: { in: 'path', name: 'id' },
    build: () => ({ query: { _count: '5' } }),
  },
  {
    method: 'GET',
    path: '/fhir/R4/Practitioner/:id',
    allow: STAFF,
    build: () => ({ params: { id: 'u-nurse' } }),
  },
  { method: 'GET', path: '/fhir/R4/Device', allow: ALL, patient: { in: 'query', name: 'patient' } },
  {
    method: 'GET',
    path: '/fhir/R4/Device/:id',
    allow: ALL,
    patient: PICK,
    build: ({ patientId }) => ({ params: { id: deviceOf(patientId) } }),
  },
  {
    method: 'GET',
    path: '/fhir/R4/Observation',
    allow: ALL,
    patient: { in: 'query', name: 'patient' },
    build: () => ({ query: { date: 'ge2026-01-01', _count: '5' } }),
  },
  // No reading at that time in the matrix's ingest stand-in: an allowed caller gets 404, the others 403.
  {
    method: 'GET',
    path: '/fhir/R4/Observation/:id',
    allow: ALL,
    patient: PICK,
    build: ({ patientId }) => ({
      params: { id: observationId(patientId, Date.parse('2026-01-10T08:00:00Z'), 'matrix', '0') ?? 'x' },
    }),
    okStatus: 404,
  },
  // Unsupported types and interactions: 404 FHIR_UNSUPPORTED for every signed-in caller.
  {
    method: 'GET',
    path: '/fhir/R4/:type',
    allow: ALL,
    build: () => ({ params: { type: 'Medication' } }),
    okStatus: 404,
  },
  {
    method: 'GET',
    path: '/fhir/R4/:type/:id',
    allow: ALL,
    build: () => ({ params: { type: 'Medication', id: 'm-1' } }),
    okStatus: 404,
  },
  {
    method: 'GET',
    path: '/fhir/R4/:type/:id/:operation',
    allow: ALL,
    build: () => ({ params: { type: 'Patient', id: 'p-1001', operation: '_history' } }),
    okStatus: 404,
  },
];
