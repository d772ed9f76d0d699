import { describe, expect, it } from '@jest/globals';
import { AppError } from '../common/app-error.js';
import { cursorInstant, timeIdPosition } from './paging.js';

describe('time cursors of the records lists', () => {
  it('reads back the instant and id the list wrote', () => {
    expect(cursorInstant('2026-11-25T08:40:00.123Z')?.getTime()).toBe(Date.parse('2026-11-25T08:40:00.123Z'));
    expect(timeIdPosition(['2026-11-25T08:40:00.123Z', 'n-1'])).toEqual({
      createdAt: new Date('2026-11-25T08:40:00.123Z'),
      id: 'n-1',
    });
    expect(timeIdPosition(null)).toBeNull();
  });

  it.each(['', 'yesterday', '2026-11-25', '2026-11-25T08:40:00Z', '2026-13-01T00:00:00.000Z'])(
    'refuses %j (not the canonical form the API writes) with BAD_REQUEST',
    (s) => {
      expect(cursorInstant(s)).toBeNull();
      let code: string | undefined;
      try {
        timeIdPosition([s, 'n-1']);
      } catch (e) {
        code = e instanceof AppError ? e.code : 'other';
      }
      expect(code).toBe('BAD_REQUEST');
    },
  );
});
