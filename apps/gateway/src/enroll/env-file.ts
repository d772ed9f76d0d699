import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * The gateway reads its configuration from the environment, which systemd fills from an environment file
 * (`EnvironmentFile=/etc/openward/gateway.env`). Enrolment updates three keys of that file and keeps every
 * other line as it was.
 */

/**
 * Characters a value may hold so that systemd's EnvironmentFile parser takes it verbatim without quoting:
 * no whitespace, quotes, backslash, `$`, `#` or `;`. Gateway ids, base64url secrets and broker URLs fit.
 */
export const SAFE_ENV_VALUE = /^[A-Za-z0-9._~:/@%+=,-]+$/;

/** Mode of the written file: it holds the gateway's MQTT secret. */
export const ENV_FILE_MODE = 0o600;

/**
 * `text` with each key of `values` set: the first `KEY=` line is replaced in place, later duplicates are
 * dropped (the last assignment would win otherwise), missing keys are appended. Pure.
 * @throws RangeError when a key or value cannot be written without quoting.
 */
export function mergeEnvFile(text: string | null, values: Readonly<Record<string, string>>): string {
  for (const [k, v] of Object.entries(values)) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(k)) throw new RangeError(`bad variable name ${k}`);
    if (!SAFE_ENV_VALUE.test(v))
      throw new RangeError(`the value of ${k} has characters an environment file would alter`);
  }
  const lines = text === null || text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const done = new Set<string>();
  const out: string[] = [];
  for (const line of lines) {
    const key = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];
    const value = key === undefined ? undefined : values[key];
    if (key === undefined || value === undefined) {
      out.push(line);
    } else if (!done.has(key)) {
      out.push(`${key}=${value}`);
      done.add(key);
    }
  }
  for (const [k, v] of Object.entries(values)) if (!done.has(k)) out.push(`${k}=${v}`);
  return `${out.join('\n')}\n`;
}

/**
 * Fails early when `path` could not be replaced (directory missing or not writable, file unreadable), so a
 * one-time code is not spent on credentials that could not be saved.
 */
export async function checkWritable(path: string): Promise<void> {
  await readEnvFile(path);
  const probe = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.probe`);
  const fh = await open(probe, 'wx', ENV_FILE_MODE);
  await fh.close();
  await unlink(probe);
}

/** The file's text, or null when it does not exist. */
export async function readEnvFile(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/**
 * Replaces `path` atomically with `text`, mode 0600: write a temporary file in the same directory, fsync,
 * rename over the target, fsync the directory. A reader (systemd starting the gateway) sees the old file or
 * the new one, never a partial one, also across a power cut.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx', ENV_FILE_MODE);
  try {
    await fh.writeFile(text, 'utf8');
    await fh.chmod(ENV_FILE_MODE); // whatever the umask
    await fh.sync();
  } catch (e) {
    await fh.close();
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await fh.close();
  try {
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  const dh = await open(dir, 'r');
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}
