import { describe, expect, it } from '@jest/globals';
import { planRetentionCut, retentionCutoff } from './audit-retention.js';

describe('retentionCutoff', () => {
  it('is now minus the retention days (2190 days = 6 years by default)', () => {
    expect(retentionCutoff(new Date('2032-01-01T00:00:00Z'), 2190).toISOString()).toBe(
      '2026-01-02T00:00:00.000Z',
    );
    expect(retentionCutoff(new Date('2026-11-25T12:00:00Z'), 1).toISOString()).toBe(
      '2026-11-24T12:00:00.000Z',
    );
  });
});

describe('planRetentionCut', () => {
  it('cuts from the start of the chain through the last due row', () => {
    expect(planRetentionCut(null, 40)).toEqual({ afterId: 0, throughId: 40 });
  });

  it('continues after the latest anchor', () => {
    expect(planRetentionCut({ throughId: 40, throughHash: 'h' }, 95)).toEqual({ afterId: 40, throughId: 95 });
  });

  it('cuts nothing when no row is due, or only rows already behind the anchor', () => {
    expect(planRetentionCut(null, null)).toBeNull();
    expect(planRetentionCut({ throughId: 40, throughHash: 'h' }, 40)).toBeNull();
    expect(planRetentionCut({ throughId: 40, throughHash: 'h' }, 12)).toBeNull();
  });
});
