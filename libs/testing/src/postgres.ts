import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './net.js';

/** Where Debian's `postgresql-15` package puts the server binaries (override with `PG_BIN_DIR`). */
export const DEFAULT_POSTGRES_BIN_DIR = '/usr/lib/postgresql/15/bin';

/** The install hint every "binaries missing" failure carries. */
export const POSTGRES_INSTALL_HINT =
  'install them with `apt-get install postgresql` (PostgreSQL 15, Debian 12)';

/** A private PostgreSQL cluster started by a test run: loopback TCP only, trust auth, superuser `postgres`. */
export interface PostgresCluster {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** Temp dir holding the data directory, the unix socket and the server log; removed by stop(). */
  readonly dir: string;
  /** PID of the postmaster. */
  readonly pid: number;
  /** `postgres://postgres@127.0.0.1:<port>/<database>` (trust auth, no password). */
  url(database?: string): string;
  /** `pg_ctl -m fast stop`, then SIGKILL by PID if the server is still there; removes the dir. Idempotent. */
  stop(): Promise<void>;
  /** Synchronous last resort for `process.on('exit')`: SIGQUIT (immediate shutdown) by PID, remove the dir. */
  killSync(): void;
}

export interface PostgresClusterOptions {
  /** Directory with initdb, pg_ctl and postgres. Default `PG_BIN_DIR` or {@link DEFAULT_POSTGRES_BIN_DIR}. */
  binDir?: string;
  /**
   * Extra server settings (`-c name=value`). Defaults trade durability for speed, which only a throw-away
   * test cluster may do: fsync, synchronous_commit and full_page_writes off.
   */
  settings?: Readonly<Record<string, string>>;
  /** Milliseconds `pg_ctl -w` waits for start and stop (default 60 s: two busy cores). */
  timeoutMs?: number;
}

const FAST_SETTINGS: Readonly<Record<string, string>> = {
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  max_connections: '300',
};

interface RunAs {
  uid: number;
  gid: number;
}

function run(
  file: string,
  args: readonly string[],
  cwd: string,
  as: RunAs | null,
  timeoutMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        cwd,
        timeout: timeoutMs,
        ...(as ? { uid: as.uid, gid: as.gid } : {}),
        env: { ...process.env, LC_ALL: 'C' },
      },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`${file} ${args.join(' ')} failed: ${err.message}\n${stdout}${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

/** uid/gid of the `postgres` account, or null when it does not exist. */
async function postgresAccount(): Promise<RunAs | null> {
  try {
    const [uid, gid] = await Promise.all([
      run('id', ['-u', 'postgres'], tmpdir(), null, 5_000),
      run('id', ['-g', 'postgres'], tmpdir(), null, 5_000),
    ]);
    return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
  } catch {
    return null;
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

const DIR_PREFIX = 'ow-pg-';
/** Written into each cluster dir: the PID of the process that owns (and must stop) the cluster. */
const OWNER_FILE = 'owner.pid';

/**
 * Stops clusters left behind by a test process that died without cleaning up (SIGKILL, OOM): a `ow-pg-*` dir
 * whose owner is gone. Only a postmaster whose command line names that very data dir is signalled.
 * Returns how many dirs were reaped.
 */
export function reapStaleClusters(root = tmpdir()): number {
  let reaped = 0;
  for (const name of readdirSync(root).filter((n) => n.startsWith(DIR_PREFIX))) {
    const dir = join(root, name);
    let owner: number;
    try {
      owner = Number(readFileSync(join(dir, OWNER_FILE), 'utf8').trim());
    } catch {
      continue; // Still being created, or not ours.
    }
    if (owner > 0 && alive(owner)) continue;
    const data = join(dir, 'data');
    try {
      const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (pid > 0 && cmdline.includes(data)) process.kill(pid, 'SIGQUIT');
    } catch {
      // No server running for this dir.
    }
    rmSync(dir, { recursive: true, force: true });
    reaped++;
  }
  return reaped;
}

/**
 * Starts a private PostgreSQL cluster the way docs/STACK.md ("Records (PostgreSQL)") describes: initdb into a
 * fresh temp dir (owned by `postgres` when we are root, since the server refuses to run as root), listening
 * on 127.0.0.1 at a free port, its unix socket in the same temp dir, `pg_ctl -w start`. Throws (never
 * skips) with {@link POSTGRES_INSTALL_HINT} when the binaries or the account are missing. The caller must
 * call `stop()`; `killSync()` is for exit hooks.
 */
export async function startPostgresCluster(opts: PostgresClusterOptions = {}): Promise<PostgresCluster> {
  const binDir = opts.binDir ?? process.env['PG_BIN_DIR'] ?? DEFAULT_POSTGRES_BIN_DIR;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const missing = ['initdb', 'pg_ctl', 'postgres'].filter((b) => !existsSync(join(binDir, b)));
  if (missing.length > 0) {
    throw new Error(
      `PostgreSQL server binaries not found in ${binDir} (${missing.join(', ')}): ${POSTGRES_INSTALL_HINT}`,
    );
  }
  const isRoot = process.getuid?.() === 0;
  const as = isRoot ? await postgresAccount() : null;
  if (isRoot && !as)
    throw new Error(`running as root but there is no \`postgres\` account: ${POSTGRES_INSTALL_HINT}`);

  reapStaleClusters();
  const dir = await mkdtemp(join(tmpdir(), DIR_PREFIX));
  const data = join(dir, 'data');
  const log = join(dir, 'postgres.log');
  let pid = 0;
  let stopped = false;
  const pgCtl = (args: readonly string[]): Promise<string> =>
    run(join(binDir, 'pg_ctl'), ['-D', data, ...args], dir, as, timeoutMs + 5_000);

  const cleanupSync = (): void => {
    if (pid > 0 && alive(pid)) process.kill(pid, 'SIGQUIT');
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await writeFile(join(dir, OWNER_FILE), String(process.pid));
    if (as) await chown(dir, as.uid, as.gid);
    await run(
      join(binDir, 'initdb'),
      ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'],
      dir,
      as,
      timeoutMs,
    );
    const port = await freePort();
    const settings = { ...FAST_SETTINGS, ...opts.settings };
    const serverOptions = [
      `-c listen_addresses=127.0.0.1`,
      `-p ${port}`,
      `-k ${dir}`,
      ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`),
    ].join(' ');
    try {
      await pgCtl(['-o', serverOptions, '-l', log, '-w', '-t', String(Math.ceil(timeoutMs / 1000)), 'start']);
    } catch (e) {
      const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-20).join('\n') : '';
      throw new Error(`${(e as Error).message}\nserver log:\n${tail}`, { cause: e });
    }
    pid = Number((await readFile(join(data, 'postmaster.pid'), 'utf8')).split('\n')[0]);

    return {
      host: '127.0.0.1',
      port,
      dir,
      pid,
      url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        try {
          await pgCtl(['-m', 'fast', '-w', '-t', String(Math.ceil(timeoutMs / 1000)), 'stop']);
        } catch {
          // Fall through to the PID: a test run must never leave a server behind.
        }
        if (alive(pid)) {
          process.kill(pid, 'SIGKILL');
          const deadline = Date.now() + 10_000;
          while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        }
        await rm(dir, { recursive: true, force: true });
      },
      killSync: () => {
        if (stopped) return;
        stopped = true;
        cleanupSync();
      },
    };
  } catch (e) {
    cleanupSync();
    throw e;
  }
}
