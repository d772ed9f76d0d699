import { AUDIT_ERRORS } from './audit/audit.errors.js';
import { AUTH_ERRORS } from './auth/auth.errors.js';
import { COMMON_ERRORS, type ErrorTable } from './common/app-error.js';
import { BREAK_GLASS_ERRORS } from './break-glass/break-glass.errors.js';
import { CARE_TEAM_ERRORS } from './care-teams/care-teams.errors.js';
import { CONSENT_ERRORS } from './consents/consents.errors.js';
import { ERASURE_ERRORS } from './gdpr/erasure.errors.js';
import { FHIR_ERRORS } from './fhir/fhir.errors.js';
import { NOTE_ERRORS } from './notes/notes.errors.js';
import { OBSERVATION_ERRORS } from './observations/observations.errors.js';
import { PATIENT_ERRORS } from './patients/patients.errors.js';
import { REGISTRY_ERRORS } from './registry/registry.errors.js';
import { USER_ERRORS } from './users/users.errors.js';

/** Every error table of the API; each code must be documented in docs/errors.md (enforced by a test). */
export const ERROR_TABLES: readonly { feature: string; codes: ErrorTable }[] = [
  { feature: 'common', codes: COMMON_ERRORS },
  { feature: 'auth', codes: AUTH_ERRORS },
  { feature: 'users', codes: USER_ERRORS },
  { feature: 'patients', codes: PATIENT_ERRORS },
  { feature: 'care-teams', codes: CARE_TEAM_ERRORS },
  { feature: 'notes', codes: NOTE_ERRORS },
  { feature: 'consents', codes: CONSENT_ERRORS },
  { feature: 'break-glass', codes: BREAK_GLASS_ERRORS },
  { feature: 'gdpr', codes: ERASURE_ERRORS },
  { feature: 'registry', codes: REGISTRY_ERRORS },
  { feature: 'audit', codes: AUDIT_ERRORS },
  { feature: 'observations', codes: OBSERVATION_ERRORS },
  { feature: 'fhir', codes: FHIR_ERRORS },
];
