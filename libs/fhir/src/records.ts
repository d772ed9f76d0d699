/**
 * Clinical notes → DocumentReference and consent records → Consent, for the GDPR export (a patient's full
 * record as FHIR). Pure.
 */
import { toFhirId } from './ids.js';
import { SYSTEMS } from './systems.js';
import type { CodeableConcept, Consent, DocumentReference } from './types.js';

export interface NoteRecord {
  readonly id: string;
  readonly patientId: string;
  readonly authorId: string;
  readonly kind: 'progress' | 'call' | 'alert' | 'visit';
  readonly body: string;
  /** The earlier note this one corrects. */
  readonly amends: string | null;
  /** ISO instant. */
  readonly createdAt: string;
}

/** LOINC document types: 11506-3 Progress note; 34109-9 Note (any other kind). */
function noteType(kind: NoteRecord['kind']): CodeableConcept {
  const loinc =
    kind === 'progress'
      ? { code: '11506-3', display: 'Progress note' }
      : { code: '34109-9', display: 'Note' };
  return {
    coding: [
      { system: SYSTEMS.loinc, ...loinc },
      { system: SYSTEMS.openwardNoteKind, code: kind },
    ],
    text: kind,
  };
}

/** Base64 of a string's UTF-8 bytes, without Node's Buffer (the lib also runs in browsers). */
export function utf8Base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

const reference = (type: string, recordId: string): { reference: string } | null => {
  const id = toFhirId(recordId);
  return id ? { reference: `${type}/${id}` } : null;
};

/**
 * A note as a DocumentReference with the text as a UTF-8 attachment. Notes are immutable: a correction is a
 * later note that `replaces` the earlier one, which is then `superseded` (pass `superseded` = true).
 */
export function toDocumentReference(n: NoteRecord, superseded: boolean): DocumentReference {
  const id = toFhirId(n.id);
  const author = reference('Practitioner', n.authorId);
  const amended = n.amends === null ? null : reference('DocumentReference', n.amends);
  const subject = reference('Patient', n.patientId);
  return {
    resourceType: 'DocumentReference',
    ...(id ? { id } : {}),
    identifier: [{ system: SYSTEMS.openwardNote, value: n.id }],
    status: superseded ? 'superseded' : 'current',
    docStatus: n.amends === null ? 'final' : 'amended',
    type: noteType(n.kind),
    ...(subject ? { subject } : {}),
    date: n.createdAt,
    ...(author ? { author: [author] } : {}),
    ...(amended ? { relatesTo: [{ code: 'replaces' as const, target: amended }] } : {}),
    content: [
      {
        attachment: {
          contentType: 'text/plain; charset=utf-8',
          data: utf8Base64(n.body),
          creation: n.createdAt,
        },
      },
    ],
  };
}

export interface ConsentRecord {
  readonly id: string;
  readonly patientId: string;
  readonly kind: 'monitoring' | 'video' | 'data-sharing';
  /** Version of the consent text the patient agreed to. */
  readonly version: string;
  /** BCP 47 language of that text. */
  readonly language: string;
  readonly method: 'electronic' | 'paper' | 'verbal';
  readonly givenAt: string;
  readonly withdrawnAt: string | null;
}

/** Consent scope: remote monitoring and video visits are treatment; data sharing is privacy. */
const SCOPES: Readonly<Record<ConsentRecord['kind'], { code: string; display: string }>> = {
  monitoring: { code: 'treatment', display: 'Treatment' },
  video: { code: 'treatment', display: 'Treatment' },
  'data-sharing': { code: 'patient-privacy', display: 'Privacy Consent' },
};

/**
 * A consent record as a Consent: `active` until withdrawn (then `inactive`, the provision period ending at the
 * withdrawal). The agreed text is named by the policy URI `<openwardConsentPolicy>/<kind>/<version>`; the form the
 * patient agreed to is described by `sourceAttachment` (language, and version and method in its title).
 */
export function toConsent(c: ConsentRecord): Consent {
  const id = toFhirId(c.id);
  const patient = reference('Patient', c.patientId);
  const scope = SCOPES[c.kind];
  return {
    resourceType: 'Consent',
    ...(id ? { id } : {}),
    language: c.language,
    identifier: [{ system: SYSTEMS.openwardConsent, value: c.id }],
    status: c.withdrawnAt === null ? 'active' : 'inactive',
    scope: { coding: [{ system: SYSTEMS.consentScope, ...scope }] },
    category: [
      { coding: [{ system: SYSTEMS.loinc, code: '59284-0', display: 'Patient Consent' }], text: c.kind },
    ],
    ...(patient ? { patient } : {}),
    dateTime: c.givenAt,
    sourceAttachment: {
      language: c.language,
      title: `${c.kind} consent, version ${c.version}, given ${c.method}`,
      creation: c.givenAt,
    },
    policy: [{ uri: `${SYSTEMS.openwardConsentPolicy}/${c.kind}/${encodeURIComponent(c.version)}` }],
    provision: {
      type: 'permit',
      period: { start: c.givenAt, ...(c.withdrawnAt === null ? {} : { end: c.withdrawnAt }) },
    },
  };
}
