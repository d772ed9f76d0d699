/**
 * The subset of FHIR R4 (4.0.1) data types and resources OpenWard emits. Field names and cardinalities follow
 * the specification (https://hl7.org/fhir/R4/); only the elements we populate are declared.
 */

export interface Coding {
  readonly system?: string;
  readonly version?: string;
  readonly code?: string;
  readonly display?: string;
}

export interface CodeableConcept {
  readonly coding?: readonly Coding[];
  readonly text?: string;
}

export interface Quantity {
  readonly value?: number;
  readonly unit?: string;
  readonly system?: string;
  readonly code?: string;
}

export interface Reference {
  readonly reference?: string;
  readonly display?: string;
}

export interface Period {
  readonly start?: string;
  readonly end?: string;
}

export interface Identifier {
  readonly use?: 'usual' | 'official' | 'temp' | 'secondary' | 'old';
  readonly type?: CodeableConcept;
  readonly system?: string;
  readonly value?: string;
}

export interface Extension {
  readonly url: string;
  readonly valueReference?: Reference;
  readonly valueCode?: string;
  readonly valueString?: string;
}

export interface Meta {
  readonly profile?: readonly string[];
  readonly lastUpdated?: string;
}

export interface HumanName {
  readonly use?: 'usual' | 'official' | 'temp' | 'nickname' | 'anonymous' | 'old' | 'maiden';
  readonly text?: string;
  readonly family?: string;
  readonly given?: readonly string[];
}

export interface Attachment {
  readonly contentType?: string;
  readonly language?: string;
  readonly data?: string;
  readonly title?: string;
  readonly creation?: string;
}

interface ResourceBase {
  readonly id?: string;
  readonly meta?: Meta;
  readonly language?: string;
}

export interface Patient extends ResourceBase {
  readonly resourceType: 'Patient';
  readonly identifier?: readonly Identifier[];
  readonly active?: boolean;
  readonly name?: readonly HumanName[];
  readonly gender?: 'male' | 'female' | 'other' | 'unknown';
  readonly birthDate?: string;
}

export interface Practitioner extends ResourceBase {
  readonly resourceType: 'Practitioner';
  readonly identifier?: readonly Identifier[];
  readonly active?: boolean;
  readonly name?: readonly HumanName[];
}

export interface DeviceSpecialization {
  readonly systemType: CodeableConcept;
  readonly version?: string;
}

export interface DeviceName {
  readonly name: string;
  readonly type:
    | 'udi-label-name'
    | 'user-friendly-name'
    | 'patient-reported-name'
    | 'manufacturer-name'
    | 'model-name'
    | 'other';
}

export interface DeviceProperty {
  readonly type: CodeableConcept;
  readonly valueCode?: readonly CodeableConcept[];
}

export interface Device extends ResourceBase {
  readonly resourceType: 'Device';
  readonly identifier?: readonly Identifier[];
  readonly status?: 'active' | 'inactive' | 'entered-in-error' | 'unknown';
  readonly manufacturer?: string;
  readonly serialNumber?: string;
  readonly modelNumber?: string;
  readonly deviceName?: readonly DeviceName[];
  readonly type?: CodeableConcept;
  readonly specialization?: readonly DeviceSpecialization[];
  readonly property?: readonly DeviceProperty[];
  readonly patient?: Reference;
}

export interface ObservationComponent {
  readonly code: CodeableConcept;
  readonly valueQuantity?: Quantity;
}

export interface Observation extends ResourceBase {
  readonly resourceType: 'Observation';
  readonly extension?: readonly Extension[];
  readonly identifier?: readonly Identifier[];
  readonly status: 'registered' | 'preliminary' | 'final' | 'amended' | 'entered-in-error';
  readonly category?: readonly CodeableConcept[];
  readonly code: CodeableConcept;
  readonly subject?: Reference;
  readonly effectiveDateTime?: string;
  readonly issued?: string;
  readonly valueQuantity?: Quantity;
  readonly device?: Reference;
  readonly component?: readonly ObservationComponent[];
}

export interface DocumentReferenceRelatesTo {
  readonly code: 'replaces' | 'transforms' | 'signs' | 'appends';
  readonly target: Reference;
}

export interface DocumentReference extends ResourceBase {
  readonly resourceType: 'DocumentReference';
  readonly identifier?: readonly Identifier[];
  readonly status: 'current' | 'superseded' | 'entered-in-error';
  readonly docStatus?: 'preliminary' | 'final' | 'amended' | 'entered-in-error';
  readonly type?: CodeableConcept;
  readonly subject?: Reference;
  readonly date?: string;
  readonly author?: readonly Reference[];
  readonly relatesTo?: readonly DocumentReferenceRelatesTo[];
  readonly content: readonly { readonly attachment: Attachment }[];
}

export interface Consent extends ResourceBase {
  readonly resourceType: 'Consent';
  readonly identifier?: readonly Identifier[];
  readonly status: 'draft' | 'proposed' | 'active' | 'rejected' | 'inactive' | 'entered-in-error';
  readonly scope: CodeableConcept;
  readonly category: readonly CodeableConcept[];
  readonly patient?: Reference;
  readonly dateTime?: string;
  readonly sourceAttachment?: Attachment;
  readonly policy?: readonly { readonly uri?: string }[];
  readonly provision?: { readonly type?: 'deny' | 'permit'; readonly period?: Period };
}

export type OperationOutcomeSeverity = 'fatal' | 'error' | 'warning' | 'information';

export interface OperationOutcomeIssue {
  readonly severity: OperationOutcomeSeverity;
  /** IssueType (http://hl7.org/fhir/issue-type), e.g. `invalid`, `not-found`, `forbidden`. */
  readonly code: string;
  readonly details?: CodeableConcept;
  readonly diagnostics?: string;
  readonly expression?: readonly string[];
}

export interface OperationOutcome extends ResourceBase {
  readonly resourceType: 'OperationOutcome';
  readonly issue: readonly OperationOutcomeIssue[];
}

export interface CapabilityStatementSearchParam {
  readonly name: string;
  readonly type:
    'number' | 'date' | 'string' | 'token' | 'reference' | 'composite' | 'quantity' | 'uri' | 'special';
  readonly documentation?: string;
}

export interface CapabilityStatementResource {
  readonly type: string;
  readonly profile?: string;
  readonly supportedProfile?: readonly string[];
  readonly interaction: readonly { readonly code: 'read' | 'search-type' }[];
  readonly searchParam?: readonly CapabilityStatementSearchParam[];
  readonly operation?: readonly { readonly name: string; readonly definition: string }[];
}

export interface CapabilityStatement extends ResourceBase {
  readonly resourceType: 'CapabilityStatement';
  readonly status: 'draft' | 'active' | 'retired' | 'unknown';
  readonly date: string;
  readonly publisher?: string;
  readonly kind: 'instance' | 'capability' | 'requirements';
  readonly software?: { readonly name: string; readonly version?: string };
  readonly implementation?: { readonly description: string; readonly url?: string };
  readonly fhirVersion: '4.0.1';
  readonly format: readonly string[];
  readonly rest: readonly {
    readonly mode: 'server' | 'client';
    readonly documentation?: string;
    readonly security?: { readonly description?: string };
    readonly resource: readonly CapabilityStatementResource[];
  }[];
}

/** Every resource OpenWard emits (plus H2's AuditEvent through its own module). */
export type FhirResource =
  | Patient
  | Practitioner
  | Device
  | Observation
  | DocumentReference
  | Consent
  | OperationOutcome
  | CapabilityStatement
  | Bundle;

export interface BundleLink {
  readonly relation: 'self' | 'next' | 'previous' | 'first' | 'last';
  readonly url: string;
}

export interface BundleEntry<R = FhirResource> {
  readonly fullUrl?: string;
  readonly resource: R;
  readonly search?: { readonly mode: 'match' | 'include' | 'outcome' };
}

export interface Bundle<R = FhirResource> extends ResourceBase {
  readonly resourceType: 'Bundle';
  readonly type: 'searchset' | 'collection';
  readonly timestamp?: string;
  readonly total?: number;
  readonly link?: readonly BundleLink[];
  readonly entry?: readonly BundleEntry<R>[];
}
