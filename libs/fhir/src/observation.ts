/**
 * Stored measurements (ingest's export points) → FHIR Observations per the PHD IG and the R4 vital-signs
 * profiles (../shared/reference/clinical.md §1). One BLE notification (a reading) yields one Observation per
 * measurement, except blood pressure: systolic, diastolic and mean of one reading form one panel Observation
 * (LOINC 85354-9 / MDC 150020) with components and no value. Pure.
 */
import { METRICS, type ExportPoint, type Metric } from '@openward/contracts';
import { observationId, phdDeviceId, phgDeviceId } from './ids.js';
import { BP_COMPONENTS, BP_PANEL, METRIC_CODINGS, metricCodings, toFhirQuantity } from './metric-codes.js';
import { EXTENSIONS, SYSTEMS, VITAL_SIGNS_PROFILES } from './systems.js';
import type { CodeableConcept, Observation, ObservationComponent } from './types.js';

const PHD_CATEGORY: CodeableConcept = {
  coding: [{ system: SYSTEMS.phdObservationCategory, code: 'phd', display: 'PHD generated' }],
};
const VITAL_SIGNS_CATEGORY: CodeableConcept = {
  coding: [{ system: SYSTEMS.observationCategory, code: 'vital-signs', display: 'Vital Signs' }],
};

/** Key of the panel Observation within its reading (other Observations use the measurement index). */
export const BP_KEY = 'bp';

const isBp = (m: Metric): boolean => METRIC_CODINGS[m].shape === 'bp-component';

/**
 * Splits points ordered by (measuredAt, readingId, idx), as ingest returns them, into runs of one reading.
 */
export function groupByReading(points: readonly ExportPoint[]): ExportPoint[][] {
  const groups: ExportPoint[][] = [];
  let current: ExportPoint[] = [];
  for (const p of points) {
    const head = current[0];
    if (head && (head.readingId !== p.readingId || head.measuredAt !== p.measuredAt)) {
      groups.push(current);
      current = [];
    }
    current.push(p);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** The Observations of one reading's points (all of one patient), ordered by measurement index. */
export function readingObservations(patientId: string, points: readonly ExportPoint[]): Observation[] {
  const sorted = [...points].sort((a, b) => a.idx - b.idx);
  const out: { idx: number; obs: Observation }[] = [];
  const bp = sorted.filter((p) => isBp(p.metric));
  if (bp[0]) out.push({ idx: bp[0].idx, obs: bpPanel(patientId, bp[0], bp) });
  for (const p of sorted) {
    if (!isBp(p.metric)) out.push({ idx: p.idx, obs: singleObservation(patientId, p) });
  }
  return out.sort((a, b) => a.idx - b.idx).map((o) => o.obs);
}

/** Elements every Observation of a point shares: id, identifier, gateway, device, subject, times. */
function common(patientId: string, p: ExportPoint, key: string, subjectIsDevice: boolean) {
  const id = observationId(patientId, Date.parse(p.measuredAt), p.readingId, key);
  const device = `Device/${phdDeviceId(p.deviceAddress)}`;
  return {
    resourceType: 'Observation' as const,
    ...(id ? { id } : {}),
    extension: [
      { url: EXTENSIONS.gatewayDevice, valueReference: { reference: `Device/${phgDeviceId(p.gatewayId)}` } },
    ],
    identifier: [{ system: SYSTEMS.openwardObservation, value: `${p.readingId}/${key}` }],
    status: 'final' as const,
    subject: { reference: subjectIsDevice ? device : `Patient/${patientId}` },
    effectiveDateTime: p.measuredAt,
    issued: p.storedAt,
    device: { reference: device },
  };
}

function singleObservation(patientId: string, p: ExportPoint): Observation {
  const coding = METRIC_CODINGS[p.metric];
  const quantity = toFhirQuantity(p.metric, p.value, p.unit);
  const profile = coding.profile ?? (coding.vitalSign ? VITAL_SIGNS_PROFILES.vitalSigns : null);
  const base = common(patientId, p, String(p.idx), coding.shape === 'device-status');
  return {
    resourceType: base.resourceType,
    ...(base.id ? { id: base.id } : {}),
    ...(profile ? { meta: { profile: [profile] } } : {}),
    extension: base.extension,
    identifier: base.identifier,
    status: base.status,
    category: coding.vitalSign ? [PHD_CATEGORY, VITAL_SIGNS_CATEGORY] : [PHD_CATEGORY],
    code: {
      coding: metricCodings(p.metric, quantity.code ?? p.unit, p.characteristic),
      text: METRICS[p.metric].display,
    },
    subject: base.subject,
    effectiveDateTime: base.effectiveDateTime,
    issued: base.issued,
    valueQuantity: quantity,
    device: base.device,
  };
}

function bpPanel(patientId: string, first: ExportPoint, points: readonly ExportPoint[]): Observation {
  const components: ObservationComponent[] = BP_COMPONENTS.flatMap((metric) => {
    const p = points.find((x) => x.metric === metric);
    if (!p) return [];
    const quantity = toFhirQuantity(metric, p.value, p.unit);
    return [
      {
        code: {
          coding: metricCodings(metric, quantity.code ?? p.unit, p.characteristic),
          text: METRICS[metric].display,
        },
        valueQuantity: quantity,
      },
    ];
  });
  // The R4 `bp` profile requires both systolic and diastolic; a partial panel claims only `vitalsigns`.
  const complete =
    points.some((p) => p.metric === 'bp-systolic') && points.some((p) => p.metric === 'bp-diastolic');
  const base = common(patientId, first, BP_KEY, false);
  return {
    resourceType: base.resourceType,
    ...(base.id ? { id: base.id } : {}),
    meta: { profile: [complete ? VITAL_SIGNS_PROFILES.bloodPressure : VITAL_SIGNS_PROFILES.vitalSigns] },
    extension: base.extension,
    identifier: base.identifier,
    status: base.status,
    category: [PHD_CATEGORY, VITAL_SIGNS_CATEGORY],
    code: {
      coding: [
        { system: SYSTEMS.mdc, ...BP_PANEL.mdc },
        { system: SYSTEMS.loinc, ...BP_PANEL.loinc },
      ],
      text: 'Blood pressure',
    },
    subject: base.subject,
    effectiveDateTime: base.effectiveDateTime,
    issued: base.issued,
    device: base.device,
    component: components,
  };
}

/** Whether an Observation is about the patient (not a device-status Observation whose subject is a PHD). */
export function isPatientObservation(o: Observation): boolean {
  return o.subject?.reference?.startsWith('Patient/') === true;
}
