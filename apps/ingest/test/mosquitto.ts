import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitForPort } from '@openward/testing';

const run = promisify(execFile);

export const MOSQUITTO_BIN = '/usr/sbin/mosquitto';
export const MOSQUITTO_PASSWD_BIN = '/usr/bin/mosquitto_passwd';

export interface MosquittoOptions {
  /**
   * The `password_file` text as OpenWard generates it (`mosquittoPasswordFile`), or username → plaintext
   * password, written with `mosquitto_passwd -b`.
   */
  passwords?: string | Record<string, string>;
  /** Same as a record in `passwords` (added after it). */
  users?: Record<string, string>;
  /** The `acl_file` text (from `mosquittoAcl`). */
  acl: string;
}

/** A real Mosquitto 2 on 127.0.0.1 with its own config, password file, ACL and persistence dir. */
export interface RunningMosquitto {
  port: number;
  url: string;
  /** Holds `password_file`, `acl_file`, `mosquitto.conf` and the persistence dir. */
  dir: string;
  pid: number;
  /** Everything mosquitto wrote to stdout/stderr (its log), for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

function requireBinary(path: string, what: string): void {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(`${what} not found at ${path}: install it with \`apt-get install mosquitto\``);
  }
}

/** Starts mosquitto; throws (never skips) when the Debian `mosquitto` package is missing. */
export async function startMosquitto(opts: MosquittoOptions): Promise<RunningMosquitto> {
  requireBinary(MOSQUITTO_BIN, 'mosquitto');
  requireBinary(MOSQUITTO_PASSWD_BIN, 'mosquitto_passwd');
  const dir = mkdtempSync(join(tmpdir(), 'ow-mosquitto-'));
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  const passwd = join(dir, 'password_file');
  const aclFile = join(dir, 'acl_file');
  const conf = join(dir, 'mosquitto.conf');
  let first = true;
  const fileText = typeof opts.passwords === 'string' ? opts.passwords : undefined;
  if (fileText !== undefined) writeFileSync(passwd, fileText, { mode: 0o600 });
  const users = { ...(typeof opts.passwords === 'object' ? opts.passwords : {}), ...opts.users };
  for (const [user, password] of Object.entries(users)) {
    await run(
      MOSQUITTO_PASSWD_BIN,
      first && fileText === undefined ? ['-b', '-c', passwd, user, password] : ['-b', passwd, user, password],
    );
    first = false;
  }
  writeFileSync(aclFile, opts.acl);
  const port = await freePort();
  writeFileSync(
    conf,
    [
      // Run as root (CI containers), mosquitto would switch to the `mosquitto` user, which cannot read our
      // 0700 temp dir; `user root` keeps the current user. Not an issue as a normal user.
      ...(process.getuid?.() === 0 ? ['user root'] : []),
      'per_listener_settings true',
      'persistence true',
      `persistence_location ${dataDir}/`,
      'log_dest stdout',
      'log_type error',
      'log_type warning',
      'log_type notice',
      'log_type information',
      'max_queued_messages 100000',
      `listener ${port} 127.0.0.1`,
      'allow_anonymous false',
      `password_file ${passwd}`,
      `acl_file ${aclFile}`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(MOSQUITTO_BIN, ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let running = true;
  void exited.then(() => (running = false));
  try {
    await Promise.race([
      waitForPort(port, 10_000),
      exited.then(() => {
        throw new Error(`mosquitto exited during start-up:\n${output}`);
      }),
    ]);
  } catch (e) {
    if (running && child.pid) process.kill(child.pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    dir,
    pid: child.pid ?? 0,
    log: () => output,
    stop: async () => {
      if (running && child.pid) {
        process.kill(child.pid, 'SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
