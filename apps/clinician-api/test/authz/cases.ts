import type { RouteCase } from './route-case.js';
import { cases as api } from './api.cases.js';
import { cases as audit } from './audit.cases.js';
import { cases as auth } from './auth.cases.js';
import { cases as breakGlass } from './break-glass.cases.js';
import { cases as careTeams } from './care-teams.cases.js';
import { cases as consents } from './consents.cases.js';
import { cases as fhir } from './fhir.cases.js';
import { cases as gdpr } from './gdpr.cases.js';
import { cases as notes } from './notes.cases.js';
import { cases as observations } from './observations.cases.js';
import { cases as patients } from './patients.cases.js';
import { cases as registry } from './registry.cases.js';
import { cases as users } from './users.cases.js';

/**
 * Every feature's route cases, keyed by the file they come from (`test/authz/<feature>.cases.ts`). The matrix
 * fails if a cases file in this folder is missing here, if a registered route has no case, or a case no route.
 */
export const CASE_FILES: Readonly<Record<string, readonly RouteCase[]>> = {
  api,
  audit,
  auth,
  'break-glass': breakGlass,
  'care-teams': careTeams,
  consents,
  fhir,
  gdpr,
  notes,
  observations,
  patients,
  registry,
  users,
};

/** All cases in file order, each with its feature. */
export const ALL_CASES: readonly (RouteCase & { readonly feature: string })[] = Object.entries(
  CASE_FILES,
).flatMap(([feature, list]) => list.map((c) => ({ ...c, feature })));
