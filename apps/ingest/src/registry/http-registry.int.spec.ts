import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { registrySnapshotSchema } from '@openward/contracts';
import { waitFor } from '@openward/testing';
import { pino } from 'pino';
import { GW, makeSnapshot } from '../../test/fixtures.js';
import { createMetrics, type IngestMetrics } from '../metrics.js';
import { FeedServer } from './fixtures/feed-server.js';
import { HttpRegistry, type HttpRegistryOptions } from './http-registry.js';
import { CACHE_NAME } from './registry-cache.js';

const FEED_TOKEN = 'feed-token-0123456789abcdef0123456789';
const root = mkdtempSync(join(tmpdir(), 'ow-http-registry-'));
const logger = pino({ level: 'silent' });
let counter = 0;
const servers: FeedServer[] = [];
const registries: HttpRegistry[] = [];

async function server(port = 0): Promise<FeedServer> {
  const s = new FeedServer(FEED_TOKEN);
  await s.start(port);
  servers.push(s);
  return s;
}

function registry(
  url: string,
  over: Partial<HttpRegistryOptions> = {},
): { reg: HttpRegistry; metrics: IngestMetrics; dataDir: string } {
  const metrics = createMetrics(false);
  const dataDir = over.dataDir ?? join(root, `data-${++counter}`);
  const reg = new HttpRegistry({
    url,
    token: FEED_TOKEN,
    dataDir,
    logger,
    metrics,
    waitSeconds: 1,
    backoff: { baseMs: 40, maxMs: 160 },
    ...over,
  });
  registries.push(reg);
  return { reg, metrics, dataDir };
}

const failures = async (m: IngestMetrics, reason: string): Promise<number> =>
  (await m.registrySyncFailures.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;

const lastSync = async (m: IngestMetrics): Promise<number> =>
  (await m.registryLastSync.get()).values[0]?.value ?? 0;

const cacheOf = (dataDir: string) =>
  registrySnapshotSchema.parse(JSON.parse(readFileSync(join(dataDir, CACHE_NAME), 'utf8')));

beforeAll(async () => {
  await mkdir(root, { recursive: true });
});

afterEach(async () => {
  await Promise.all(registries.splice(0).map((r) => r.stop()));
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('HttpRegistry against a real feed server', () => {
  it('boots from the feed with the bearer token, records the sync and caches the snapshot', async () => {
    const feed = await server();
    const s3 = await makeSnapshot(3);
    feed.publish(s3);
    const { reg, metrics, dataDir } = registry(feed.url);
    await reg.start();
    expect(reg.version()).toBe(3);
    expect(feed.requests[0]).toMatchObject({
      after: null,
      waitSeconds: '0',
      authorization: `Bearer ${FEED_TOKEN}`,
    });
    expect(await lastSync(metrics)).toBeGreaterThan(0);
    expect((await metrics.registryVersion.get()).values[0]?.value).toBe(3);
    await reg.flushCache();
    expect(cacheOf(dataDir)).toEqual(s3);
    expect(existsSync(join(dataDir, `${CACHE_NAME}.tmp`))).toBe(false);
  });

  it('is woken by a change while its long-poll is held, and asks with the version it has', async () => {
    const feed = await server();
    feed.publish(await makeSnapshot(1));
    const { reg } = registry(feed.url, { waitSeconds: 30 });
    await reg.start();
    await waitFor(() => feed.requests.some((r) => r.after === '1' && r.waitSeconds === '30'), {
      what: 'held long-poll after=1',
    });
    const changes: number[] = [];
    reg.onChange((v) => changes.push(v));
    feed.publish(await makeSnapshot(2, { [GW]: 'revoked' }));
    // Well before the 30 s hold ends: the held request itself carried the change.
    await waitFor(() => reg.version() === 2, { what: 'version 2 applied', timeoutMs: 5000 });
    expect(feed.requests.filter((r) => r.after === '1')).toHaveLength(1);
    expect(reg.gateway(GW)?.status).toBe('revoked');
    expect(changes).toEqual([2]);
  });

  it('applies newer versions only: an older or equal snapshot from the feed is ignored', async () => {
    const feed = await server();
    feed.publish(await makeSnapshot(5));
    const { reg, dataDir } = registry(feed.url);
    await reg.start();
    const older = await makeSnapshot(4, { [GW]: 'revoked' });
    const same = await makeSnapshot(5, { [GW]: 'revoked' });
    feed.script.push(
      { kind: 'body', body: JSON.stringify(older) },
      { kind: 'body', body: JSON.stringify(same) },
    );
    // Request 5 is only sent once the answer to request 4 (the last scripted one) has been processed.
    await waitFor(() => feed.script.length === 0 && feed.requests.length >= 5, {
      what: 'scripted answers processed',
    });
    expect(reg.version()).toBe(5);
    expect(reg.gateway(GW)?.status).toBe('active');
    await reg.flushCache();
    expect(cacheOf(dataDir).version).toBe(5);
    feed.publish(await makeSnapshot(6, { [GW]: 'revoked' }));
    await waitFor(() => reg.version() === 6, { what: 'version 6 applied' });
  });

  it('ignores invalid bodies, counts them by reason and keeps the last good snapshot and cache', async () => {
    const feed = await server();
    const good = await makeSnapshot(2);
    feed.publish(good);
    const { reg, metrics, dataDir } = registry(feed.url);
    await reg.start();
    const plaintext = {
      ...(await makeSnapshot(9)),
      gateways: [{ id: GW, secretHash: 'plaintext', status: 'active' }],
    };
    feed.script.push({ kind: 'body', body: '{ not json' }, { kind: 'body', body: JSON.stringify(plaintext) });
    await waitFor(async () => (await failures(metrics, 'schema')) === 1, { what: 'schema failure counted' });
    expect(await failures(metrics, 'not_json')).toBe(1);
    expect(reg.version()).toBe(2);
    await reg.flushCache();
    expect(cacheOf(dataDir)).toEqual(good);
    feed.publish(await makeSnapshot(3));
    await waitFor(() => reg.version() === 3, { what: 'recovered with version 3' });
    expect(reg.failures).toBe(0);
  });

  it('backs off exponentially between failed polls (500s, wrong token), then recovers', async () => {
    const feed = await server();
    feed.publish(await makeSnapshot(1));
    const { reg, metrics } = registry(feed.url, { random: () => 0 });
    await reg.start();
    await waitFor(() => feed.requests.length === 2, { what: 'held long-poll' });
    const firstFailed = feed.requests.length;
    feed.script.push(
      { kind: 'status', status: 500 },
      { kind: 'status', status: 503 },
      { kind: 'status', status: 401 },
      { kind: 'status', status: 500 },
    );
    await waitFor(() => reg.failures === 4, { what: 'four failures in a row' });
    expect(await failures(metrics, 'http_status')).toBe(3);
    expect(await failures(metrics, 'unauthorized')).toBe(1);
    feed.publish(await makeSnapshot(2));
    await waitFor(() => reg.version() === 2, { what: 'version 2 after the failures' });
    // With random() = 0 the delay after failure n is step/2 = 20, 40, 80, 80 ms (base 40, cap 160).
    const times = feed.requests.slice(firstFailed).map((r) => r.atMs);
    const gaps = times.slice(1, 5).map((t, i) => t - (times[i] ?? 0));
    [20, 40, 80, 80].forEach((min, i) => expect(gaps[i]).toBeGreaterThanOrEqual(min - 2));
    expect(reg.failures).toBe(0);
  });

  it('counts a request the API never answers as a timeout and retries', async () => {
    const feed = await server();
    feed.publish(await makeSnapshot(1));
    const { reg, metrics } = registry(feed.url, { requestSlackMs: 150 });
    await reg.start();
    feed.script.push({ kind: 'hang' });
    await waitFor(async () => (await failures(metrics, 'timeout')) === 1, { what: 'timeout counted' });
    feed.publish(await makeSnapshot(2));
    await waitFor(() => reg.version() === 2, { what: 'version 2 after the timeout' });
  });

  it('writes the cache atomically: a reader never sees a partial file while versions stream in', async () => {
    const feed = await server();
    feed.publish(await makeSnapshot(1));
    const { reg, dataDir } = registry(feed.url);
    await reg.start();
    await reg.flushCache();
    const seen = new Set<number>();
    let reading = true;
    const reader = (async () => {
      while (reading) {
        seen.add(cacheOf(dataDir).version); // throws (fails the test) on a torn or partial file
        await new Promise((r) => setImmediate(r));
      }
    })();
    const base = await makeSnapshot(1);
    for (let v = 2; v <= 40; v++) {
      feed.publish({ ...base, version: v });
      await waitFor(() => reg.version() === v, { what: `version ${v}` });
    }
    await reg.flushCache();
    reading = false;
    await reader;
    expect(cacheOf(dataDir).version).toBe(40);
    expect(seen.size).toBeGreaterThan(1);
  });

  it('starts from the cache when the API is unreachable, then catches up once it is back', async () => {
    const feed = await server();
    const cached = await makeSnapshot(7);
    feed.publish(cached);
    const first = registry(feed.url);
    await first.reg.start();
    await first.reg.stop();
    const port = feed.port;
    await feed.stop();

    const { reg, metrics } = registry(feed.url, { dataDir: first.dataDir });
    writeFileSync(join(first.dataDir, `${CACHE_NAME}.tmp`), '{ torn leftover of a crash');
    await reg.start();
    expect(reg.version()).toBe(7);
    expect(reg.gateway(GW)?.status).toBe('active');
    expect(await failures(metrics, 'unreachable')).toBeGreaterThanOrEqual(1);
    expect(await lastSync(metrics)).toBe(0);

    const back = await server(port);
    back.publish(await makeSnapshot(8, { [GW]: 'revoked' }));
    await waitFor(() => reg.version() === 8, { what: 'caught up after the API came back' });
    expect(back.requests[0]?.after).toBe('7');
    expect(await lastSync(metrics)).toBeGreaterThan(0);
  });

  it('stays unloaded (gateways refused) with no API and no valid cache', async () => {
    const feed = await server();
    const url = feed.url;
    await feed.stop();
    const dataDir = join(root, 'no-cache');
    await mkdir(dataDir, { recursive: true });
    writeFileSync(join(dataDir, CACHE_NAME), '{"schema":"openward.registry/1"}');
    const { reg, metrics } = registry(url, { dataDir });
    await reg.start();
    expect(reg.isLoaded()).toBe(false);
    expect(reg.gateway(GW)).toBeUndefined();
    expect(await failures(metrics, 'unreachable')).toBeGreaterThanOrEqual(1);
  });
});
