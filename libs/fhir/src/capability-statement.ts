/** The server's CapabilityStatement (what `GET /fhir/R4/metadata` answers). Pure. */
import { VITAL_SIGNS_PROFILES } from './systems.js';
import type { CapabilityStatement } from './types.js';

export interface CapabilityOptions {
  /** Server base URL, e.g. `https://ward.example.org/fhir/R4`. */
  readonly base: string;
  /** Publication date of this statement (ISO date or instant). */
  readonly date: string;
  readonly softwareVersion: string;
}

const COUNT = { name: '_count', type: 'number', documentation: 'Page size' } as const;

export function capabilityStatement(o: CapabilityOptions): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: o.date,
    publisher: 'OpenWard',
    kind: 'instance',
    software: { name: 'OpenWard clinician API', version: o.softwareVersion },
    implementation: { description: 'OpenWard remote patient monitoring', url: o.base },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Read-only FHIR R4 view of the records and vital signs OpenWard holds. Observations follow the HL7 ' +
          'Personal Health Device IG (MDC + LOINC codes, UCUM units, observation-gatewayDevice). Results are ' +
          "limited to the caller's care teams (a patient sees only themself); every access is audited.",
        security: {
          description:
            'Bearer access token from POST /api/auth/login. Errors are OperationOutcome resources.',
        },
        resource: [
          {
            type: 'Patient',
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            searchParam: [
              { name: '_id', type: 'token' },
              { name: 'identifier', type: 'token', documentation: 'Medical record number or OpenWard id' },
              COUNT,
            ],
            operation: [
              {
                name: 'everything',
                definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything',
              },
            ],
          },
          { type: 'Practitioner', interaction: [{ code: 'read' }] },
          {
            type: 'Device',
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            searchParam: [{ name: 'patient', type: 'reference' }],
          },
          {
            type: 'Observation',
            supportedProfile: Object.values(VITAL_SIGNS_PROFILES),
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            searchParam: [
              { name: 'patient', type: 'reference', documentation: 'Required (or subject)' },
              { name: 'subject', type: 'reference' },
              {
                name: 'code',
                type: 'token',
                documentation: 'LOINC, MDC (urn:iso:std:iso:11073:10101) or metric',
              },
              { name: 'date', type: 'date', documentation: 'Prefixes eq, ge, gt, le, lt' },
              COUNT,
            ],
          },
        ],
      },
    ],
  };
}
