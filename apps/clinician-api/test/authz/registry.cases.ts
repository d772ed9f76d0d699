import { randomBytes } from 'node:crypto';
import { DEMO_DEVICES, DEMO_GATEWAY_ID } from '@openward/testing';
import type { RouteCase } from './route-case.js';

/** A fresh locally administered address, so an allowed create never collides with an earlier run. */
const freshAddress = (): string =>
  `02:${[...randomBytes(5)].map((b) => b.toString(16).padStart(2, '0')).join(':')}`;
const demoDevice = DEMO_DEVICES[0]?.address ?? 'c0:ff:ee:00:10:01';

/**
 * The registry routes: admin only, not patient-scoped (an admin manages every gateway and device; device
 * assignments name patients by id only). The feed is ingest's, with its own token; enrolment is public.
 */
export const cases: readonly RouteCase[] = [
  { method: 'GET', path: '/internal/v1/registry', allow: 'service' },
  // No valid one-time code can be built here, so every caller alike gets ENROLLMENT_CODE_INVALID: the route
  // is public and never tells callers apart.
  {
    method: 'POST',
    path: '/api/gateways/enroll',
    allow: 'public',
    build: () => ({ body: { code: '0000-0000-0000-0000-0000-0000-0000' } }),
    okStatus: 401,
  },
  { method: 'GET', path: '/api/admin/gateways', allow: ['admin'], build: () => ({ query: { limit: '5' } }) },
  {
    method: 'POST',
    path: '/api/admin/gateways',
    allow: ['admin'],
    build: () => ({ body: { label: 'authz matrix' } }),
    okStatus: 201,
  },
  // A new code for the demo gateway: its current secret keeps working until the code is exchanged.
  {
    method: 'POST',
    path: '/api/admin/gateways/:gatewayId/enrollment-code',
    allow: ['admin'],
    build: () => ({ params: { gatewayId: DEMO_GATEWAY_ID } }),
    okStatus: 201,
  },
  {
    method: 'POST',
    path: '/api/admin/gateways/:gatewayId/rotate',
    allow: ['admin'],
    build: () => ({ params: { gatewayId: DEMO_GATEWAY_ID }, body: {} }),
  },
  {
    method: 'POST',
    path: '/api/admin/gateways/:gatewayId/revoke',
    allow: ['admin'],
    build: () => ({ params: { gatewayId: DEMO_GATEWAY_ID } }),
    destructive: true,
  },
  { method: 'GET', path: '/api/admin/devices', allow: ['admin'], build: () => ({ query: { limit: '5' } }) },
  {
    method: 'POST',
    path: '/api/admin/devices',
    allow: ['admin'],
    build: () => ({ body: { address: freshAddress(), gatewayId: DEMO_GATEWAY_ID, kind: 'thermometer' } }),
    okStatus: 201,
  },
  {
    method: 'PATCH',
    path: '/api/admin/devices/:address',
    allow: ['admin'],
    build: () => ({ params: { address: demoDevice }, body: { model: 'OW-HRM' } }),
  },
  {
    method: 'GET',
    path: '/api/admin/devices/:address/assignments',
    allow: ['admin'],
    build: () => ({ params: { address: demoDevice } }),
  },
  // Assignment changes move demo devices between patients: only the refusals are checked.
  {
    method: 'POST',
    path: '/api/admin/devices/:address/assign',
    allow: ['admin'],
    build: ({ patientId }) => ({ params: { address: demoDevice }, body: { patientId } }),
    destructive: true,
  },
  {
    method: 'POST',
    path: '/api/admin/devices/:address/unassign',
    allow: ['admin'],
    build: () => ({ params: { address: demoDevice }, body: {} }),
    destructive: true,
  },
  {
    method: 'POST',
    path: '/api/admin/devices/:address/reassign',
    allow: ['admin'],
    build: ({ patientId }) => ({ params: { address: demoDevice }, body: { patientId } }),
    destructive: true,
  },
];
