import { open, readFile, rename } from 'node:fs/promises';
import { parseRegistrySnapshot } from '../registry/parse-snapshot.js';
import {
  mosquittoAcl,
  mosquittoPasswordFile,
  parsePasswordFile,
  type ServiceAccount,
} from './mosquitto-files.js';

export interface WriteMosquittoFilesOptions {
  /** An `openward.registry/1` file (the API's export, or ingest's `registry-cache.json`). */
  registryFile: string;
  /** Mosquitto's `password_file` (written with mode 0600). */
  passwordFile: string;
  /** Mosquitto's `acl_file`. */
  aclFile: string;
  services: readonly ServiceAccount[];
  /** PBKDF2 iterations for newly hashed service tokens (default of @openward/credentials otherwise). */
  iterations?: number;
  /** Mosquitto's pid: sent SIGHUP when a file changed, so it re-reads both (DESIGN.md §10.3). */
  hupPid?: number;
}

export interface WriteMosquittoFilesResult {
  registryVersion: number;
  /** Active gateways written to the password file. */
  gateways: number;
  /** Active gateways without a `mosquittoHash` (cannot connect through Mosquitto until re-enrolled). */
  withoutHash: string[];
  changed: boolean;
  reloaded: boolean;
}

async function readOrEmpty(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  }
}

/** tmp + fsync + rename: Mosquitto never reads a half-written file. */
async function writeAtomic(path: string, text: string, mode: number): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  const fh = await open(tmp, 'w', mode);
  try {
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
}

/**
 * Regenerates Mosquitto's `password_file` and `acl_file` from a registry file and, when either changed,
 * sends SIGHUP to Mosquitto (DESIGN.md §10.3). Service hashes that still verify are kept, so an unchanged
 * registry rewrites nothing and reloads nothing. The password file is created with mode 0600.
 * @throws for an unreadable or invalid registry file, or an entry that cannot be written safely.
 */
export async function writeMosquittoFiles(
  opts: WriteMosquittoFilesOptions,
): Promise<WriteMosquittoFilesResult> {
  const parsed = parseRegistrySnapshot(await readFile(opts.registryFile, 'utf8'));
  if (!parsed.ok) throw new Error(`${opts.registryFile}: ${parsed.reason}: ${parsed.message}`);
  const snapshot = parsed.snapshot;
  const passwordPath = opts.passwordFile;
  const aclPath = opts.aclFile;
  const oldPassword = await readOrEmpty(passwordPath);
  const oldAcl = await readOrEmpty(aclPath);
  const password = mosquittoPasswordFile(snapshot, opts.services, {
    previous: parsePasswordFile(oldPassword),
    ...(opts.iterations === undefined ? {} : { iterations: opts.iterations }),
  });
  const acl = mosquittoAcl(snapshot);
  const changed = password !== oldPassword || acl !== oldAcl;
  if (password !== oldPassword) await writeAtomic(passwordPath, password, 0o600);
  if (acl !== oldAcl) await writeAtomic(aclPath, acl, 0o644);
  let reloaded = false;
  if (changed && opts.hupPid !== undefined) {
    process.kill(opts.hupPid, 'SIGHUP');
    reloaded = true;
  }
  const active = snapshot.gateways.filter((g) => g.status === 'active');
  return {
    registryVersion: snapshot.version,
    gateways: active.filter((g) => g.mosquittoHash !== undefined).length,
    withoutHash: active.filter((g) => g.mosquittoHash === undefined).map((g) => g.id),
    changed,
    reloaded,
  };
}
