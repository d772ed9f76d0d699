import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createHash } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseReading, topics } from '@openward/contracts';
import { freePort, startNode, waitFor } from '@openward/testing';
import { TestBroker } from '../../test/broker.js';
import { tempDir } from '../../test/stack.js';

const here = dirname(fileURLToPath(import.meta.url));
const CHILD = join(here, '../../test/fixtures/gateway-stream.mjs');
const gatewayId = 'gw-it-crash-1';
const secret = 'crash-secret';
const ITERATIONS = 24;

/** Deterministic PRNG (mulberry32) so a failing run can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function parseLines(lines: string[]): Array<Record<string, unknown>> {
  return lines.flatMap((l) => {
    try {
      return [JSON.parse(l) as Record<string, unknown>];
    } catch {
      return []; // a line cut by SIGKILL
    }
  });
}

/**
 * DESIGN.md §4, done-when "crash test": a child running the gateway's journal + publisher is SIGKILLed at
 * random points of a stream (while appending, with publishes in flight, with PUBACKs held back by the
 * broker), restarted on the same data dir each time; then a final run drains the journal.
 */
describe('store-and-forward survives SIGKILL at random points', () => {
  let broker: TestBroker;
  let port = 0;
  const dataDir = tempDir('ow-gw-crash-');

  beforeAll(async () => {
    expect(existsSync(join(here, '../../dist/mqtt/publisher.js'))).toBe(true); // build first
    port = await freePort();
    broker = await TestBroker.start(port, { [gatewayId]: secret });
  });

  afterAll(async () => {
    await broker?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`delivers every accepted reading, uncorrupted, duplicates only by id (${ITERATIONS} kills)`, async () => {
    const seed = Number(process.env['CRASH_SEED'] ?? Date.now() % 1_000_000);
    const random = prng(seed);
    const intents = new Map<string, string>(); // id → sha256 of the bytes the child would publish
    const accepted = new Set<string>();
    let heldRuns = 0;

    for (let run = 0; run < ITERATIONS; run++) {
      const hold = random() < 0.3; // PUBACKs withheld: the kill hits a full in-flight window
      if (hold) {
        heldRuns++;
        broker.hold();
      }
      const child = startNode(`crash-${run}`, CHILD, [dataDir, String(port), gatewayId, secret, String(run)]);
      try {
        await child.waitForLine(/"msg":"ready"/);
        const target = 20 + Math.floor(random() * 1500);
        await waitFor(() => child.lines.filter((l) => l.includes('"accepted"')).length >= target, {
          timeoutMs: 30_000,
          what: `run ${run} (seed ${seed}): ${target} accepted readings`,
        });
        await child.kill();
      } finally {
        await child.stop();
      }
      expect(child.exit?.signal).toBe('SIGKILL');
      if (hold) broker.release(); // "broker got it, PUBACK lost": these come back as duplicates
      for (const o of parseLines(child.lines)) {
        if (typeof o['intent'] === 'string' && typeof o['sha'] === 'string')
          intents.set(o['intent'], o['sha']);
        if (typeof o['accepted'] === 'string') accepted.add(o['accepted']);
      }
    }

    const drain = startNode('crash-drain', CHILD, [dataDir, String(port), gatewayId, secret, '999', 'drain']);
    try {
      await drain.waitForLine(/"drained":true/, 60_000);
    } finally {
      await drain.stop();
    }

    const firstBytes = new Map<string, string>();
    let duplicates = 0;
    for (const m of broker.received.filter((x) => x.topic === topics.readings(gatewayId))) {
      const parsed = parseReading(m.payload);
      expect(parsed.ok).toBe(true); // none corrupted: every message is a valid reading
      if (!parsed.ok) continue;
      const sha = createHash('sha256').update(m.payload).digest('hex');
      // Byte-for-byte what the child meant to publish for that id (an intent may never have been accepted).
      expect(intents.get(parsed.value.id)).toBe(sha);
      const seen = firstBytes.get(parsed.value.id);
      if (seen !== undefined) {
        duplicates++;
        expect(sha).toBe(seen); // a duplicate is the same reading, same id
      } else firstBytes.set(parsed.value.id, sha);
    }
    const missing = [...accepted].filter((id) => !firstBytes.has(id));
    expect(missing).toEqual([]);
    expect(accepted.size).toBeGreaterThan(ITERATIONS * 20);
    process.stdout.write(
      `crash test seed=${seed}: ${ITERATIONS} kills (${heldRuns} with PUBACKs held), ${accepted.size} accepted, ` +
        `${firstBytes.size} delivered, ${duplicates} duplicates\n`,
    );
  }, 300_000);
});
