import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@openward/testing';
import { tempDir } from '../../test/stack.js';
import { AckedLog } from './acked-log.js';

const dir = tempDir('ow-acked-log-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n').slice(0, -1);

describe('AckedLog (the fleet --acked-file)', () => {
  it('writes every id once, in acknowledgement order, across size-triggered flushes and close', async () => {
    const file = join(dir, 'order.txt');
    const log = await AckedLog.open(file, { flushBytes: 1024, flushIntervalMs: 60_000 });
    const ids = Array.from({ length: 20_000 }, (_, i) => `gw-fleet-00001:02:0f:00:00:00:01:2A37:${i}`);
    for (const id of ids) log.add(id);
    expect(log.count).toBe(ids.length);
    await log.close();
    expect(lines(file)).toEqual(ids);
  });

  it('flushes on its timer while the run goes on, so a reader sees acknowledgements before the end', async () => {
    const file = join(dir, 'timer.txt');
    const log = await AckedLog.open(file, { flushIntervalMs: 10 });
    log.add('a');
    log.add('b');
    await waitFor(() => lines(file).length === 2, { what: 'the timer flush' });
    expect(lines(file)).toEqual(['a', 'b']);
    await log.close();
  });

  it('appends to an existing file (a run resuming earlier journals) and refuses ids after close', async () => {
    const file = join(dir, 'append.txt');
    const first = await AckedLog.open(file);
    first.add('run1-a');
    await first.close();
    const second = await AckedLog.open(file);
    second.add('run2-a');
    await second.close();
    expect(lines(file)).toEqual(['run1-a', 'run2-a']);
    expect(() => second.add('late')).toThrow(/closed/);
  });

  it('fails to open where no file can be created', async () => {
    await expect(AckedLog.open(join(dir, 'missing-dir', 'x.txt'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
