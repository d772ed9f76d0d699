/**
 * @openward/fhir: pure mappings from OpenWard's records and stored measurements to FHIR R4 resources (PHD IG
 * conventions, R4 vital-signs profiles), search-parameter parsers and Bundle/OperationOutcome builders.
 * No I/O; callers pass the clock's time in.
 */
export * from './types.js';
export * from './systems.js';
export * from './ids.js';
export * from './metric-codes.js';
export * from './observation.js';
export * from './patient.js';
export * from './device.js';
export * from './records.js';
export * from './bundle.js';
export * from './operation-outcome.js';
export * from './capability-statement.js';
export * from './search-params.js';
export * from './audit-event.js';
