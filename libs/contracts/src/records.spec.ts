import { describe, expect, it } from '@jest/globals';
import {
  createNoteRequestSchema,
  NOTE_BODY_MAX,
  openBreakGlassRequestSchema,
  patientPageSchema,
  patientSummarySchema,
  updatePatientRequestSchema,
} from './index.js';

describe('records contracts', () => {
  it('keeps every patient list item a PatientSummary (older clients read id, displayName, careTeamId)', () => {
    const page = patientPageSchema.parse({
      items: [
        { id: 'p-1001', displayName: 'Ada Example', careTeamId: 'team-north', status: 'active', mrn: null },
      ],
      next: null,
    });
    expect(patientSummarySchema.array().parse(page.items)).toEqual([
      { id: 'p-1001', displayName: 'Ada Example', careTeamId: 'team-north' },
    ]);
  });

  it('never lets an update set the erased status (erasure has its own route)', () => {
    expect(updatePatientRequestSchema.safeParse({ status: 'discharged' }).success).toBe(true);
    expect(updatePatientRequestSchema.safeParse({ status: 'erased' }).success).toBe(false);
  });

  it('bounds note bodies and break-glass reasons', () => {
    expect(createNoteRequestSchema.safeParse({ kind: 'call', body: 'x'.repeat(NOTE_BODY_MAX) }).success).toBe(
      true,
    );
    expect(
      createNoteRequestSchema.safeParse({ kind: 'call', body: 'x'.repeat(NOTE_BODY_MAX + 1) }).success,
    ).toBe(false);
    expect(openBreakGlassRequestSchema.safeParse({ reason: '  too short  ' }).success).toBe(false);
    expect(
      openBreakGlassRequestSchema.safeParse({ reason: 'Collapsed at home, team unreachable' }).success,
    ).toBe(true);
  });
});
