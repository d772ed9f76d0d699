import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freePort } from '@openward/testing';
import { startApi, type RunningApi } from '../test/harness.js';
import { DOCS_ROUTES } from './common/openapi.js';
import { declaredRoutes, registeredRoutes } from './common/route-inventory.js';

/**
 * The explicit policy of every route: the single list. A route missing here, or whose decorators say something
 * else, fails the test; adding or loosening one needs a security review.
 * - `public`: no token (`@Public()`);
 * - `signed-in`: any signed-in user, a patient included (the global AuthGuard's default). Only allowed for
 *   the patient-aware routes listed in {@link PATIENT_AWARE};
 * - `role:<r>|<r>`: signed-in users with one of these roles (`@Roles`); staff-only routes list the three staff
 *   roles; `service:<name>`: that service's own token only (`@ServiceAuth`).
 */
const POLICIES: Readonly<Record<string, string>> = {
  'GET /api/health': 'public',
  'GET /api/metrics': 'public',
  // OpenAPI document and Swagger UI (src/common/openapi.ts DOCS_ROUTES): describe the API, hold no data.
  'GET /api/docs': 'public',
  'GET /api/docs/': 'public',
  'GET /api/docs/index.html': 'public',
  'GET /api/docs/LICENSE': 'public',
  'GET /api/docs/swagger-ui-init.js': 'public',
  'GET /api/docs/docs/swagger-ui-init.js': 'public',
  'GET /api/docs/openapi.json': 'public',
  'POST /api/auth/login': 'public',
  // Later sign-in steps (purpose-bound mfaToken in the body), refresh and logout (httpOnly refresh cookie).
  'POST /api/auth/login/mfa': 'public',
  'POST /api/auth/login/mfa/setup': 'public',
  'POST /api/auth/login/mfa/confirm': 'public',
  'POST /api/auth/refresh': 'public',
  'POST /api/auth/logout': 'public',
  'GET /api/me': 'signed-in',
  'POST /api/auth/password': 'signed-in',
  'POST /api/auth/mfa/setup': 'signed-in',
  'POST /api/auth/mfa/confirm': 'signed-in',
  'GET /api/admin/users': 'role:admin',
  'POST /api/admin/users': 'role:admin',
  'PATCH /api/admin/users/:id': 'role:admin',
  'POST /api/admin/users/:id/disable': 'role:admin',
  'POST /api/admin/users/:id/enable': 'role:admin',
  'POST /api/admin/users/:id/unlock': 'role:admin',
  'POST /api/admin/users/:id/mfa/reset': 'role:admin',
  'GET /api/patients': 'signed-in',
  'GET /api/patients/:id/vitals/latest': 'signed-in',
  // Patient records: care-team / self / break-glass checks happen in PatientAccess (src/access).
  'GET /api/patients/:id': 'signed-in',
  'GET /api/admin/patients': 'role:admin',
  'POST /api/admin/patients': 'role:admin',
  'PATCH /api/admin/patients/:id': 'role:admin',
  'POST /api/admin/patients/:id/erase': 'role:admin',
  'POST /api/admin/patients/:id/legal-hold': 'role:admin',
  'GET /api/care-teams': 'role:admin|nurse|clinician',
  'GET /api/admin/care-teams': 'role:admin',
  'POST /api/admin/care-teams': 'role:admin',
  'PATCH /api/admin/care-teams/:id': 'role:admin',
  'PUT /api/admin/care-teams/:id/members': 'role:admin',
  'GET /api/patients/:id/notes': 'signed-in',
  'POST /api/patients/:id/notes': 'role:nurse|clinician',
  'GET /api/patients/:id/consents': 'signed-in',
  'POST /api/patients/:id/consents': 'signed-in',
  'POST /api/patients/:id/consents/:consentId/withdraw': 'signed-in',
  'POST /api/patients/:id/break-glass': 'role:clinician',
  'POST /api/break-glass/:grantId/end': 'role:clinician|admin',
  'GET /api/admin/break-glass': 'role:admin',
  // The one-time enrolment code is the gateway's credential (rate-limited per address, audited).
  'POST /api/gateways/enroll': 'public',
  'GET /api/admin/gateways': 'role:admin',
  'POST /api/admin/gateways': 'role:admin',
  'POST /api/admin/gateways/:gatewayId/enrollment-code': 'role:admin',
  'POST /api/admin/gateways/:gatewayId/rotate': 'role:admin',
  'POST /api/admin/gateways/:gatewayId/revoke': 'role:admin',
  'GET /api/admin/devices': 'role:admin',
  'POST /api/admin/devices': 'role:admin',
  'PATCH /api/admin/devices/:address': 'role:admin',
  'GET /api/admin/devices/:address/assignments': 'role:admin',
  'POST /api/admin/devices/:address/assign': 'role:admin',
  'POST /api/admin/devices/:address/unassign': 'role:admin',
  'POST /api/admin/devices/:address/reassign': 'role:admin',
  'GET /internal/v1/registry': 'service:registry-feed',
  'GET /api/admin/audit': 'role:admin',
  'GET /api/admin/audit/export': 'role:admin',
  'GET /api/admin/audit/verify': 'role:admin',
  'POST /api/admin/audit/retention': 'role:admin',
  // Observations (vitals history from ingest) and the GDPR export: PatientAccess decides per patient.
  'GET /api/patients/:id/observations': 'signed-in',
  'GET /api/patients/:id/series': 'signed-in',
  'GET /api/patients/:id/export': 'signed-in',
  // FHIR R4 (docs/fhir.md): the CapabilityStatement is public; every patient datum goes through PatientAccess.
  'GET /fhir/R4/metadata': 'public',
  'GET /fhir/R4/Patient': 'signed-in',
  'GET /fhir/R4/Patient/:id': 'signed-in',
  'GET /fhir/R4/Patient/:id/$everything': 'signed-in',
  'GET /fhir/R4/Practitioner/:id': 'role:admin|nurse|clinician',
  'GET /fhir/R4/Device': 'signed-in',
  'GET /fhir/R4/Device/:id': 'signed-in',
  'GET /fhir/R4/Observation': 'signed-in',
  'GET /fhir/R4/Observation/:id': 'signed-in',
  'GET /fhir/R4/:type': 'signed-in',
  'GET /fhir/R4/:type/:id': 'signed-in',
  'GET /fhir/R4/:type/:id/:operation': 'signed-in',
};

/**
 * Why each `signed-in` route is safe for a patient's token: it decides per patient itself (PatientAccess: a
 * patient only self) or only ever returns the caller's own data. A `signed-in` route missing here fails the
 * test, so an admin or staff route that forgot `@Roles` cannot slip through as default-open.
 */
const PATIENT_AWARE: Readonly<Record<string, string>> = {
  'GET /api/me': "the caller's own account only",
  'POST /api/auth/password': "changes the caller's own password only",
  'POST /api/auth/mfa/setup': "the caller's own MFA enrolment only",
  'POST /api/auth/mfa/confirm': "the caller's own MFA enrolment only",
  'GET /api/patients': 'filtered by PatientAccess: a patient lists only self',
  'GET /api/patients/:id/vitals/latest': 'PatientAccess.require: a patient reads only self',
  'GET /api/patients/:id': 'PatientAccess.require: a patient reads only self',
  'GET /api/patients/:id/notes': 'PatientAccess.require: a patient reads only their own notes',
  'GET /api/patients/:id/consents': 'PatientAccess.require: a patient reads only their own consents',
  'POST /api/patients/:id/consents':
    'PatientAccess.require; a patient records only their own, electronic only',
  'POST /api/patients/:id/consents/:consentId/withdraw':
    'PatientAccess.require: a patient withdraws only their own',
  'GET /api/patients/:id/observations': 'PatientAccess.require: a patient reads only self',
  'GET /api/patients/:id/series': 'PatientAccess.require: a patient reads only self',
  'GET /api/patients/:id/export': 'PatientAccess: only the patient themself or staff of the care team',
  'GET /fhir/R4/Patient': 'each match passes PatientAccess: a patient finds only self',
  'GET /fhir/R4/Patient/:id': 'PatientAccess.require: a patient reads only self',
  'GET /fhir/R4/Patient/:id/$everything': 'PatientAccess.require: a patient reads only self',
  'GET /fhir/R4/Device': 'PatientAccess.require on the patient parameter',
  'GET /fhir/R4/Device/:id': "PatientAccess.require on the device's (last) patient",
  'GET /fhir/R4/Observation': 'PatientAccess.require on the patient parameter',
  'GET /fhir/R4/Observation/:id': 'PatientAccess.require on the patient the id names',
  'GET /fhir/R4/:type': 'answers 404 FHIR_UNSUPPORTED to everyone; no data',
  'GET /fhir/R4/:type/:id': 'answers 404 FHIR_UNSUPPORTED to everyone; no data',
  'GET /fhir/R4/:type/:id/:operation': 'answers 404 FHIR_UNSUPPORTED to everyone; no data',
};

/** Served by SwaggerModule straight on express (no Nest handler, hence outside the guard): public documents. */
const OUTSIDE_NEST: readonly string[] = DOCS_ROUTES;

/** `signed-in` routes without a patient-aware justification, and admin paths not limited to admins. */
function policyViolations(
  policies: Readonly<Record<string, string>>,
  patientAware: Readonly<Record<string, string>>,
): string[] {
  return Object.entries(policies).flatMap(([route, policy]) => {
    const out: string[] = [];
    if (policy === 'signed-in' && !patientAware[route]?.trim())
      out.push(`${route}: signed-in but not patient-aware`);
    if (/ \/api\/admin(\/|$)/.test(route) && policy !== 'role:admin')
      out.push(`${route}: admin path is ${policy}`);
    return out;
  });
}

/** The only routes allowed without a token. */
const PUBLIC_ROUTES = Object.keys(POLICIES).filter((r) => POLICIES[r] === 'public');

let api: RunningApi;

beforeAll(async () => {
  // A real app (no seed): the guard is global, so only the real wiring proves it.
  api = await startApi({ demoSeed: false, ingestMqttUrl: `mqtt://127.0.0.1:${await freePort()}` });
});

afterAll(async () => {
  await api?.close();
});

/** Every route registered on the express router (what is actually reachable). */
function expressRoutes(): string[] {
  return registeredRoutes(api.app);
}

/** Every controller handler with its declared policy (src/common/route-inventory.ts). */
function nestHandlers(): { route: string; isPublic: boolean; policy: string }[] {
  return declaredRoutes(api.app);
}

describe('route guard coverage', () => {
  it('finds the API routes on the express router', () => {
    const routes = expressRoutes();
    expect(routes).toEqual(expect.arrayContaining([...PUBLIC_ROUTES, 'GET /api/me', 'GET /api/patients']));
  });

  it('gives every registered route exactly the explicit policy listed here, and lists no stale route', () => {
    const declared = Object.fromEntries(nestHandlers().map((h) => [h.route, h.policy]));
    const nestPolicies = Object.fromEntries(
      Object.entries(POLICIES).filter(([r]) => !OUTSIDE_NEST.includes(r)),
    );
    expect(declared).toEqual(nestPolicies);
    expect(expressRoutes().sort()).toEqual(Object.keys(POLICIES).sort());
  });

  it('opens no route to every signed-in user (patients included) unless it is listed as patient-aware', () => {
    expect(policyViolations(POLICIES, PATIENT_AWARE)).toEqual([]);
    const stale = Object.keys(PATIENT_AWARE).filter((r) => POLICIES[r] !== 'signed-in');
    expect(stale).toEqual([]);
  });

  it('flags a default-open admin route and an unjustified signed-in route (the check itself)', () => {
    expect(
      policyViolations(
        {
          'POST /api/admin/users': 'signed-in',
          'GET /api/admin/users': 'role:admin|nurse',
          'GET /api/wards': 'signed-in',
          'GET /api/me': 'signed-in',
        },
        { 'GET /api/me': 'own account only', 'GET /api/wards': ' ' },
      ),
    ).toEqual([
      'POST /api/admin/users: signed-in but not patient-aware',
      'POST /api/admin/users: admin path is signed-in',
      'GET /api/admin/users: admin path is role:admin|nurse',
      'GET /api/wards: signed-in but not patient-aware',
    ]);
  });

  it('marks @Public() exactly the routes listed public', () => {
    const handlers = nestHandlers();
    expect(handlers.length).toBeGreaterThanOrEqual(6);
    expect(
      handlers
        .filter((h) => h.isPublic)
        .map((h) => h.route)
        .sort(),
    ).toEqual(PUBLIC_ROUTES.filter((r) => !OUTSIDE_NEST.includes(r)).sort());
    expect(OUTSIDE_NEST.filter((r) => POLICIES[r] !== 'public')).toEqual([]);
  });

  it('answers 401 UNAUTHENTICATED without a token on every non-public route', async () => {
    const guarded = expressRoutes().filter((r) => !PUBLIC_ROUTES.includes(r));
    expect(guarded.length).toBeGreaterThan(0);
    for (const route of guarded) {
      const [method = 'GET', path = '/'] = route.split(' ');
      const url = api.baseUrl + path.replace(/:[A-Za-z]+/g, 'p-1001');
      const res = await fetch(url, {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'GET' || method === 'HEAD' ? undefined : '{}',
      });
      expect({ route, status: res.status }).toEqual({ route, status: 401 });
      // FHIR routes answer an OperationOutcome carrying the same code (src/fhir/fhir-exception.filter.ts).
      const body = (await res.json()) as {
        code?: string;
        issue?: { details?: { coding?: { code?: string }[] } }[];
      };
      expect(body.code ?? body.issue?.[0]?.details?.coding?.[0]?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('keeps the public routes reachable without a token', async () => {
    expect((await fetch(`${api.baseUrl}/api/health`)).status).toBe(200);
    expect((await fetch(`${api.baseUrl}/api/metrics`)).status).toBe(200);
  });
});
