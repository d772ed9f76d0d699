/** OpenWard patient and staff records → FHIR Patient and Practitioner. Pure. */
import { toFhirId } from './ids.js';
import { SYSTEMS } from './systems.js';
import type { HumanName, Identifier, Patient, Practitioner } from './types.js';

/** The patient columns the mapping reads (an erased record is never mapped: it is served as not found). */
export interface PatientRecord {
  readonly id: string;
  readonly displayName: string;
  readonly givenName: string | null;
  readonly familyName: string | null;
  /** ISO date, YYYY-MM-DD. */
  readonly birthDate: string | null;
  readonly gender: 'male' | 'female' | 'other' | 'unknown' | null;
  /** Hospital medical record number. */
  readonly mrn: string | null;
  readonly status: 'active' | 'discharged' | 'erased';
}

export interface PatientMappingOptions {
  /** Identifier system of the hospital's MRNs. */
  readonly mrnSystem: string;
}

/** MRN identifier type (HL7 v2 table 0203 `MR`). */
const MRN_TYPE = {
  coding: [{ system: SYSTEMS.v2IdentifierType, code: 'MR', display: 'Medical record number' }],
};

function patientNames(r: PatientRecord): HumanName[] {
  if (r.givenName || r.familyName) {
    return [
      {
        use: 'official',
        ...(r.familyName ? { family: r.familyName } : {}),
        ...(r.givenName ? { given: [r.givenName] } : {}),
      },
    ];
  }
  return [{ use: 'usual', text: r.displayName }];
}

export function toPatient(r: PatientRecord, options: PatientMappingOptions): Patient {
  const id = toFhirId(r.id);
  const identifier: Identifier[] = [{ use: 'secondary', system: SYSTEMS.openwardPatient, value: r.id }];
  if (r.mrn) identifier.unshift({ use: 'usual', type: MRN_TYPE, system: options.mrnSystem, value: r.mrn });
  return {
    resourceType: 'Patient',
    ...(id ? { id } : {}),
    identifier,
    active: r.status === 'active',
    name: patientNames(r),
    ...(r.gender ? { gender: r.gender } : {}),
    ...(r.birthDate ? { birthDate: r.birthDate } : {}),
  };
}

/** The staff columns the mapping reads. */
export interface StaffRecord {
  readonly id: string;
  readonly displayName: string;
  readonly disabled: boolean;
}

/** A staff member (nurse, clinician, admin) as a Practitioner: id and display name only, no login name. */
export function toPractitioner(r: StaffRecord): Practitioner {
  const id = toFhirId(r.id);
  return {
    resourceType: 'Practitioner',
    ...(id ? { id } : {}),
    identifier: [{ system: SYSTEMS.openwardUser, value: r.id }],
    active: !r.disabled,
    name: [{ text: r.displayName }],
  };
}
