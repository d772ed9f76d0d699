import { describe, it, expect, afterAll } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SequenceStore } from './sequence-store.js';

const dir = mkdtempSync(join(tmpdir(), 'ow-seq-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SequenceStore', () => {
  it('persists the last acknowledged sequence per meter across reopen, never going backwards', async () => {
    const path = join(dir, 'a', 'seq.json');
    const s = SequenceStore.open(path);
    expect(s.get('c0:ff:ee:00:00:01')).toBeNull();
    await s.set('C0:FF:EE:00:00:01', 7);
    await s.set('c0:ff:ee:00:00:01', 5);
    await s.set('c0:ff:ee:00:00:02', 0);
    const reopened = SequenceStore.open(path);
    expect(reopened.get('c0:ff:ee:00:00:01')).toBe(7);
    expect(reopened.get('c0:ff:ee:00:00:02')).toBe(0);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      'c0:ff:ee:00:00:01': 7,
      'c0:ff:ee:00:00:02': 0,
    });
    expect(existsSync(`${path}.tmp`)).toBe(false);
  });

  it('refuses a corrupt file instead of silently re-requesting every record', () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{"c0:ff:ee:00:00:01": "x"}');
    expect(() => SequenceStore.open(path)).toThrow(/bad sequence/);
  });
});
