import { describe, expect, it } from '@jest/globals';
import type { RegistrySnapshot } from '@openward/contracts';
import { RegistryFeed } from './registry-feed.js';

const snap = (version: number): RegistrySnapshot => ({
  schema: 'openward.registry/1',
  version,
  generatedAt: '2026-01-01T00:00:00.000Z',
  gateways: [],
  devices: [],
  assignments: [],
});

describe('RegistryFeed', () => {
  it('answers at once when it already has a newer snapshot', async () => {
    const feed = new RegistryFeed();
    feed.publish(snap(3));
    await expect(feed.waitNewer(2, 60_000, new AbortController().signal)).resolves.toEqual(snap(3));
  });

  it('wakes a held wait on the first newer publish, and keeps only newer snapshots', async () => {
    const feed = new RegistryFeed();
    feed.publish(snap(3));
    const held = feed.waitNewer(3, 60_000, new AbortController().signal);
    expect(feed.waiting).toBe(1);
    feed.publish(snap(2));
    expect(feed.current()?.version).toBe(3);
    feed.publish(snap(4));
    await expect(held).resolves.toEqual(snap(4));
    expect(feed.waiting).toBe(0);
  });

  it('answers null when the caller goes away, when the wait is 0, and at shutdown', async () => {
    const feed = new RegistryFeed();
    feed.publish(snap(1));
    const gone = new AbortController();
    const a = feed.waitNewer(1, 60_000, gone.signal);
    gone.abort();
    await expect(a).resolves.toBeNull();
    await expect(feed.waitNewer(1, 0, new AbortController().signal)).resolves.toBeNull();
    const b = feed.waitNewer(1, 60_000, new AbortController().signal);
    feed.onModuleDestroy();
    await expect(b).resolves.toBeNull();
    expect(feed.waiting).toBe(0);
    await expect(feed.waitNewer(1, 60_000, new AbortController().signal)).resolves.toBeNull();
  });

  it('answers null when the hold expires unchanged', async () => {
    const feed = new RegistryFeed();
    feed.publish(snap(1));
    await expect(feed.waitNewer(1, 20, new AbortController().signal)).resolves.toBeNull();
  });
});
