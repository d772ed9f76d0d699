import { AUTH_ERRORS } from './auth/auth.errors.js';
import { COMMON_ERRORS, type ErrorTable } from './common/app-error.js';
import { PATIENT_ERRORS } from './patients/patients.errors.js';
import { REGISTRY_ERRORS } from './registry/registry.errors.js';

/** Every error table of the API; each code must be documented in docs/errors.md (enforced by a test). */
export const ERROR_TABLES: readonly { feature: string; codes: ErrorTable }[] = [
  { feature: 'common', codes: COMMON_ERRORS },
  { feature: 'auth', codes: AUTH_ERRORS },
  { feature: 'patients', codes: PATIENT_ERRORS },
  { feature: 'registry', codes: REGISTRY_ERRORS },
];
