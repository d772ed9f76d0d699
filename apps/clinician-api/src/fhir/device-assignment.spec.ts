import { describe, expect, it } from '@jest/globals';
import { currentPatient, owningPatient } from './device-assignment.js';

const d = (iso: string) => new Date(iso);
const history = [
  { patientId: 'p-1', from: d('2026-01-01T00:00:00Z'), to: d('2026-02-01T00:00:00Z') },
  { patientId: 'p-2', from: d('2026-02-01T00:00:00Z'), to: d('2026-03-01T00:00:00Z') },
];

describe('device assignment', () => {
  it('finds the patient assigned at a time, the end being exclusive', () => {
    expect(currentPatient(history, d('2026-01-15T00:00:00Z'))).toBe('p-1');
    expect(currentPatient(history, d('2026-02-01T00:00:00Z'))).toBe('p-2');
    expect(currentPatient(history, d('2026-04-01T00:00:00Z'))).toBeNull();
  });

  it('falls back to the latest patient for an unassigned device, and to null for a never-assigned one', () => {
    expect(owningPatient(history, d('2026-04-01T00:00:00Z'))).toBe('p-2');
    expect(owningPatient([], d('2026-04-01T00:00:00Z'))).toBeNull();
  });
});
