import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { makeSnapshot } from '../../test/fixtures.js';
import {
  backoffDelay,
  classifyFeedResponse,
  feedUrl,
  MAX_WAIT_SECONDS,
  SYNC_FAILURE_REASONS,
} from './feed-protocol.js';

describe('classifyFeedResponse', () => {
  it('returns the snapshot of a valid 200', async () => {
    const s = await makeSnapshot(4);
    expect(classifyFeedResponse(200, JSON.stringify(s))).toEqual({ kind: 'snapshot', snapshot: s });
  });

  it('treats 204 as unchanged, whatever the body', () => {
    expect(classifyFeedResponse(204, '')).toEqual({ kind: 'unchanged' });
  });

  it.each([
    [401, '{}', 'unauthorized'],
    [403, '{}', 'unauthorized'],
    [500, '{}', 'http_status'],
    [404, 'not found', 'http_status'],
    [200, '{ nope', 'not_json'],
    [200, '{"schema":"openward.registry/1","version":1}', 'schema'],
    [200, '', 'not_json'],
  ])('classifies HTTP %d %j as %s', (status, body, reason) => {
    expect(classifyFeedResponse(status, body)).toMatchObject({ kind: 'failure', reason });
  });

  it('never throws and always answers a known kind and reason, for any status and body', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), fc.oneof(fc.string(), fc.json()), (status, body) => {
        const r = classifyFeedResponse(status, body);
        expect(['snapshot', 'unchanged', 'failure']).toContain(r.kind);
        if (r.kind === 'failure') expect(SYNC_FAILURE_REASONS).toContain(r.reason);
        if (status !== 200) expect(r.kind).not.toBe('snapshot');
      }),
    );
  });
});

describe('feedUrl', () => {
  it('omits after before the first snapshot and clamps waitSeconds to 0..30', () => {
    expect(feedUrl('http://api:8080/internal/v1/registry', null, 25)).toBe(
      'http://api:8080/internal/v1/registry?waitSeconds=25',
    );
    expect(feedUrl('http://api/r', 7, 99)).toBe(`http://api/r?after=7&waitSeconds=${MAX_WAIT_SECONDS}`);
    expect(feedUrl('http://api/r', 0, -3)).toBe('http://api/r?after=0&waitSeconds=0');
  });
});

describe('backoffDelay', () => {
  const policy = { baseMs: 500, maxMs: 5000 };

  it('doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map((n) => backoffDelay(n, 0.999999, policy))).toEqual([
      500, 1000, 2000, 4000, 5000, 5000, 5000,
    ]);
    expect(backoffDelay(1, 0, policy)).toBe(250);
  });

  it('stays within [step/2, step] and never exceeds the cap, for any failure count and jitter', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5, max: 10_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, r) => {
          const d = backoffDelay(n, r, policy);
          const step = Math.min(policy.maxMs, policy.baseMs * 2 ** (Math.max(1, n) - 1));
          expect(d).toBeGreaterThanOrEqual(Math.floor(step / 2));
          expect(d).toBeLessThanOrEqual(policy.maxMs);
          expect(d).toBeLessThanOrEqual(step);
        },
      ),
    );
  });
});
