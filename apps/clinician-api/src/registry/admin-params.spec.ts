import { describe, expect, it } from '@jest/globals';
import { instantOr } from './admin-params.js';

describe('instantOr', () => {
  const fallback = new Date('2026-01-01T00:00:00Z');

  it('parses an instant with a zone, or falls back when absent', () => {
    expect(instantOr('2026-02-01T10:00:00+02:00', fallback, 'from').toISOString()).toBe(
      '2026-02-01T08:00:00.000Z',
    );
    expect(instantOr(undefined, fallback, 'from')).toBe(fallback);
  });

  it('refuses an impossible date with BAD_REQUEST naming the field', () => {
    expect(() => instantOr('2026-02-31T25:00:00Z', fallback, 'to')).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST', detail: 'to is not a valid instant' }),
    );
  });
});
