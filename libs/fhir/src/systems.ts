/**
 * Code systems, identifier systems, profiles and extensions used in OpenWard's FHIR output. Sources:
 * ../shared/reference/clinical.md §1 (PHD IG conventions) and the FHIR R4 specification.
 */
export const SYSTEMS = {
  loinc: 'http://loinc.org',
  /** IEEE 11073-10101 nomenclature: 32-bit decimal codes (partition × 65536 + term code). */
  mdc: 'urn:iso:std:iso:11073:10101',
  ucum: 'http://unitsofmeasure.org',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  phdObservationCategory: 'http://hl7.org/fhir/uv/phd/CodeSystem/PhdObservationCategories',
  /** PHD IG: IEEE EUI-64 system id of a personal health device. */
  eui64: 'urn:oid:1.2.840.10004.1.1.1.0.0.1.0.0.1.2680',
  /** PHD IG: Bluetooth MAC address (EUI-48) of a personal health device. */
  bluetoothMac: 'http://hl7.org/fhir/sid/eui-48/bluetooth',
  /** PHD IG identifier types (SYSID, BTMAC, …), moved to terminology.hl7.org in PHD IG 2.0. */
  continuaDeviceIdentifiers: 'http://terminology.hl7.org/CodeSystem/ContinuaDeviceIdentifiers',
  v2IdentifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  consentScope: 'http://terminology.hl7.org/CodeSystem/consentscope',
  issueType: 'http://hl7.org/fhir/issue-type',
  /** OpenWard's metric names (contracts METRIC_NAMES), on every Observation code. */
  openwardMetric: 'https://openward.dev/fhir/CodeSystem/metric',
  /** OpenWard's error codes (docs/errors.md), in OperationOutcome.issue.details. */
  openwardError: 'https://openward.dev/fhir/CodeSystem/error',
  /** OpenWard's note kinds (progress, call, alert, visit). */
  openwardNoteKind: 'https://openward.dev/fhir/CodeSystem/note-kind',
  /** Identifier systems of OpenWard's own record ids. */
  openwardPatient: 'https://openward.dev/fhir/NamingSystem/patient',
  openwardUser: 'https://openward.dev/fhir/NamingSystem/user',
  openwardGateway: 'https://openward.dev/fhir/NamingSystem/gateway',
  openwardNote: 'https://openward.dev/fhir/NamingSystem/note',
  openwardConsent: 'https://openward.dev/fhir/NamingSystem/consent',
  /** Observation.identifier: `<reading id>/<measurement index or "bp">`, stable across exports. */
  openwardObservation: 'https://openward.dev/fhir/NamingSystem/observation',
  /** OpenWard's consent texts, `<this>/<kind>/<version>` (Consent.policy.uri). */
  openwardConsentPolicy: 'https://openward.dev/fhir/consent-policy',
  /** Default system of hospital medical record numbers (API_FHIR_MRN_SYSTEM overrides it). */
  openwardMrn: 'https://openward.dev/fhir/NamingSystem/mrn',
} as const;

export const EXTENSIONS = {
  /** Core extension: the gateway (PHG) a measurement travelled through. */
  gatewayDevice: 'http://hl7.org/fhir/StructureDefinition/observation-gatewayDevice',
} as const;

/** R4 vital-signs profiles (http://hl7.org/fhir/R4/observation-vitalsigns.html). */
export const VITAL_SIGNS_PROFILES = {
  vitalSigns: 'http://hl7.org/fhir/StructureDefinition/vitalsigns',
  bloodPressure: 'http://hl7.org/fhir/StructureDefinition/bp',
  heartRate: 'http://hl7.org/fhir/StructureDefinition/heartrate',
  oxygenSaturation: 'http://hl7.org/fhir/StructureDefinition/oxygensat',
  bodyTemperature: 'http://hl7.org/fhir/StructureDefinition/bodytemp',
  bodyWeight: 'http://hl7.org/fhir/StructureDefinition/bodyweight',
  bodyHeight: 'http://hl7.org/fhir/StructureDefinition/bodyheight',
  bmi: 'http://hl7.org/fhir/StructureDefinition/bmi',
} as const;
export type VitalSignsProfile = (typeof VITAL_SIGNS_PROFILES)[keyof typeof VITAL_SIGNS_PROFILES];

/** MDC device codes (PHD IG, clinical.md §1). */
export const MDC_DEVICE = {
  /** PHD Device.type: MDC_MOC_VMS_MDS_SIMP. */
  phd: { code: '65573', display: 'MDC_MOC_VMS_MDS_SIMP' },
  /** PHG Device.type: MDC_MOC_VMS_MDS_AHD. */
  phg: { code: '531981', display: 'MDC_MOC_VMS_MDS_AHD' },
  /** PHG specialization: MDC_DEV_SPEC_PROFILE_GENERIC. */
  phgSpecialization: { code: '528457', display: 'MDC_DEV_SPEC_PROFILE_GENERIC' },
} as const;

export const FHIR_JSON = 'application/fhir+json';
