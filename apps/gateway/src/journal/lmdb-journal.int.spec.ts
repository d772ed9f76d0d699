import { describe, it, expect, afterAll } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNode, waitFor } from '@openward/testing';
import { LmdbJournal } from './lmdb-journal.js';
import type { JournalPort } from './journal-port.js';
import { journalContract } from '../../test/journal-contract.js';

const here = dirname(fileURLToPath(import.meta.url));
const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'ow-journal-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

journalContract('lmdb', async (clock, opts = {}) => {
  const dir = tempDir();
  let current: JournalPort = LmdbJournal.open(dir, { clock, ...opts });
  return {
    journal: current,
    reopen: async () => {
      await current.close();
      current = LmdbJournal.open(dir, { clock, ...opts });
      return current;
    },
    cleanup: () => current.close(),
  };
});

describe('LmdbJournal crash durability', () => {
  it('keeps every append whose promise resolved when the writer is SIGKILLed mid-write', async () => {
    const script = join(here, '../../test/fixtures/journal-writer.mjs');
    const built = join(here, '../../dist/journal/lmdb-journal.js');
    expect(existsSync(built)).toBe(true); // run `npx tsc -p tsconfig.build.json` before integration tests
    const dir = tempDir();
    const child = startNode('journal-writer', script, [dir]);
    try {
      await child.waitForLine(/"msg":"ready"/);
      await waitFor(() => child.lines.filter((l) => l.includes('"acked"')).length >= 2000, {
        timeoutMs: 20_000,
        what: '2000 acknowledged appends',
      });
      await child.kill();
    } finally {
      await child.stop();
    }
    expect(child.exit?.signal).toBe('SIGKILL');
    // ManagedProcess splits each stdout chunk on '\n', so a line cut by a chunk boundary arrives as two
    // fragments; only whole lines parse, and a fragment never claims an ack it did not see.
    const acked = child.lines.flatMap((l) => {
      try {
        const v = JSON.parse(l) as { acked?: string; sequence?: number };
        return typeof v.acked === 'string' ? [v as { acked: string; sequence: number }] : [];
      } catch {
        return [];
      }
    });
    expect(acked.length).toBeGreaterThan(1500);

    const journal = LmdbJournal.open(dir);
    try {
      const pending = journal.pending(Number.MAX_SAFE_INTEGER);
      const ids = new Set(pending.map((e) => e.id));
      const missing = acked.filter((a) => !ids.has(a.acked));
      expect(missing).toEqual([]);
      // Recovered entries are a gap-free prefix of the append order (nothing out of order or torn).
      expect(pending.map((e) => e.reading.sequence)).toEqual(pending.map((_, i) => i));
      expect(journal.lastSequence('c0:ff:ee:00:10:01', '2A37')).toBe(pending.length - 1);
      const next = await journal.append(
        {
          ...(pending[0]?.reading ?? fail()),
          id: 'gw-test-1:after-restart',
        },
        { priority: 'continuous' },
      );
      expect(next.key).toBeGreaterThan(pending.at(-1)?.key ?? 0);
    } finally {
      await journal.close();
    }
  });
});

function fail(): never {
  throw new Error('journal recovered no entries');
}
