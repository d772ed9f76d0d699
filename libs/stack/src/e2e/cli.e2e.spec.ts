import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagedProcess } from '@openward/testing';
import { workspaceRoot } from '../paths.js';

/** PIDs of the direct children of `pid` (Linux `ps`). */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((s) => Number(s.trim()))
      .filter((n) => n > 0);
  } catch {
    return []; // ps exits 1 when there are none
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('`npm start` launcher (libs/stack cli)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'openward-cli-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints the dashboard URL and demo logins, and Ctrl-C stops every process with no orphans', async () => {
    const root = workspaceRoot();
    // Own process group, like a terminal's foreground job, so "Ctrl-C" can go to the whole group.
    const child = spawn(
      process.execPath,
      [join(root, 'libs/stack/dist/cli.js'), 'start', '--data-dir', dataDir, '--free-ports', '--quiet'],
      {
        cwd: root,
        detached: true,
        env: { ...process.env, NODE_OPTIONS: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const cli = new ManagedProcess('cli', child);
    const pid = child.pid ?? 0;
    await cli.waitForLine(/OpenWard is running/, 120_000);
    const banner = cli.lines.join('\n');
    expect(banner).toMatch(/Dashboard: {2}http:\/\/127\.0\.0\.1:\d+\//);
    expect(banner).toMatch(/nurse\s+nurse \/ nurse-demo-pass/);
    const services = childrenOf(pid);
    expect(services).toHaveLength(4); // sim, api, ingest, gateway
    expect(services.every(alive)).toBe(true);

    process.kill(-pid, 'SIGINT'); // what the terminal does on Ctrl-C
    await cli.waitForExit();
    expect(cli.exit).toEqual({ code: 0, signal: null });
    expect(cli.lines.join('\n')).toMatch(/all processes stopped/);
    expect(services.filter(alive)).toEqual([]);
  }, 180_000);
});
