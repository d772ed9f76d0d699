/** Which patient a registry device belongs to, for FHIR Device access and `Device.patient`. Pure. */
export interface Assignment {
  readonly patientId: string;
  readonly from: Date;
  readonly to: Date | null;
}

/** The patient the device is assigned to at `at`, or null. */
export function currentPatient(assignments: readonly Assignment[], at: Date): string | null {
  const t = at.getTime();
  const a = assignments.find((x) => x.from.getTime() <= t && (x.to === null || x.to.getTime() > t));
  return a?.patientId ?? null;
}

/**
 * The patient whose access rules govern the device: the current one, else the latest one it was assigned to.
 * Null for a device never assigned (not served over FHIR).
 */
export function owningPatient(assignments: readonly Assignment[], at: Date): string | null {
  const current = currentPatient(assignments, at);
  if (current) return current;
  const latest = [...assignments].sort((a, b) => b.from.getTime() - a.from.getTime())[0];
  return latest?.patientId ?? null;
}
