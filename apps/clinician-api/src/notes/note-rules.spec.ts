import { describe, expect, it } from '@jest/globals';
import { checkAmends } from './note-rules.js';

describe('checkAmends (immutable notes, corrections by amendment)', () => {
  it('accepts a note that amends nothing', () => {
    expect(checkAmends('p-1001', undefined, null)).toBeNull();
  });

  it('accepts an amendment of a note of the same patient', () => {
    expect(checkAmends('p-1001', 'n-1', { patientId: 'p-1001' })).toBeNull();
  });

  it("refuses an amendment of another patient's note", () => {
    expect(checkAmends('p-1001', 'n-1', { patientId: 'p-1003' })).toBe('NOTE_AMENDS_INVALID');
  });

  it('refuses an amendment of a note that does not exist', () => {
    expect(checkAmends('p-1001', 'n-404', null)).toBe('NOTE_AMENDS_INVALID');
  });
});
