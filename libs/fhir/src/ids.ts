/**
 * Logical ids of the resources OpenWard serves, derived from its record ids without any lookup table, and
 * parsed back by the server. FHIR R4 ids are `[A-Za-z0-9\-\.]{1,64}` (https://hl7.org/fhir/R4/datatypes.html#id).
 * Pure functions.
 */
import { DEVICE_ADDRESS_PATTERN, GATEWAY_ID_PATTERN } from '@openward/contracts';

export const FHIR_ID_PATTERN = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * A record id (patient, user, note, consent) as a FHIR id: `_` (allowed in OpenWard ids, not in FHIR ids)
 * becomes `.` (never part of an OpenWard id), so the mapping is reversible. Null when the record id cannot be
 * represented (it holds a `.` or another character outside `[A-Za-z0-9_-]`, or is longer than 64).
 */
export function toFhirId(recordId: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(recordId)) return null;
  return recordId.replace(/_/g, '.');
}

/** The record id behind a FHIR id from {@link toFhirId}; null when `fhirId` is not a FHIR id. */
export function fromFhirId(fhirId: string): string | null {
  if (!FHIR_ID_PATTERN.test(fhirId)) return null;
  return fhirId.replace(/\./g, '_');
}

/**
 * Device ids. A personal health device (PHD) is named by its BLE address with dots (`c0.ff.ee.00.10.01`), a
 * gateway (PHG) by its gateway id; gateway ids never contain a dot, so the two cannot collide.
 */
export function phdDeviceId(address: string): string {
  return address.toLowerCase().replace(/:/g, '.');
}

export function phgDeviceId(gatewayId: string): string {
  return gatewayId;
}

export type DeviceRef = { kind: 'phd'; address: string } | { kind: 'phg'; gatewayId: string };

/** What a Device id names, or null when it names nothing OpenWard could have issued. */
export function parseDeviceId(id: string): DeviceRef | null {
  if (id.includes('.')) {
    const address = id.replace(/\./g, ':');
    return DEVICE_ADDRESS_PATTERN.test(address) ? { kind: 'phd', address } : null;
  }
  return GATEWAY_ID_PATTERN.test(id) ? { kind: 'phg', gatewayId: id } : null;
}

/**
 * 40-bit FNV-1a of a string's UTF-16 code units, as 8 base-36 digits. Only tells apart the observations of one
 * patient at one millisecond, so 40 bits are ample; not a security hash.
 */
export function shortHash(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return (h & 0xffffffffffn).toString(36).padStart(8, '0');
}

/** What an Observation id encodes: enough to find the measurement again in ingest's store. */
export interface ObservationKey {
  readonly patientId: string;
  /** When it was measured (epoch ms). */
  readonly measuredAtMs: number;
  /** {@link shortHash} of `<reading id>/<observation key>`. */
  readonly hash: string;
}

/**
 * Observation id: `<measuredAt ms, base 36>.<shortHash(readingId/key)>.<patient FHIR id>`. The patient goes last
 * because its FHIR id may itself contain dots. Null when it would exceed 64 characters (a patient id longer
 * than ~45 characters) or the patient id has no FHIR form.
 */
export function observationId(
  patientId: string,
  measuredAtMs: number,
  readingId: string,
  key: string,
): string | null {
  const patient = toFhirId(patientId);
  if (patient === null || !Number.isSafeInteger(measuredAtMs) || measuredAtMs < 0) return null;
  const id = `${measuredAtMs.toString(36)}.${shortHash(`${readingId}/${key}`)}.${patient}`;
  return id.length <= 64 ? id : null;
}

/** The key of an Observation id from {@link observationId}, or null. */
export function parseObservationId(id: string): ObservationKey | null {
  if (!FHIR_ID_PATTERN.test(id)) return null;
  const m = /^([0-9a-z]{1,11})\.([0-9a-z]{8})\.(.+)$/.exec(id);
  const [, time = '', hash = '', patient = ''] = m ?? [];
  const measuredAtMs = parseInt(time, 36);
  const patientId = fromFhirId(patient);
  if (!m || !Number.isSafeInteger(measuredAtMs) || patientId === null) return null;
  return { patientId, measuredAtMs, hash };
}
