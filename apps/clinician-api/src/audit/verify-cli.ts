import { resolve } from 'node:path';
import type { AuditVerifyResult } from '@openward/contracts';
import { DEFAULT_DATA_DIR } from '../config/config.js';
import type { OpenOptions } from '../database/database.js';

/** The `audit:verify` CLI's pure parts: which database (same variables as the API) and the result line. */

export type CliDatabase = { ok: true; options: OpenOptions } | { ok: false; message: string };

/** `API_DATABASE_URL` (postgres:// or postgresql://) or else the PGlite `API_DATA_DIR`, as the API reads them. */
export function cliDatabase(env: Readonly<Record<string, string | undefined>>): CliDatabase {
  const url = env['API_DATABASE_URL']?.trim();
  if (url) {
    const protocol = urlProtocol(url);
    if (protocol === null)
      return { ok: false, message: 'invalid configuration: API_DATABASE_URL must be a URL' };
    if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
      return {
        ok: false,
        message: 'invalid configuration: API_DATABASE_URL must use postgres: or postgresql:',
      };
    }
    return { ok: true, options: { databaseUrl: url, dataDir: '' } };
  }
  const dir = env['API_DATA_DIR']?.trim();
  return { ok: true, options: { databaseUrl: null, dataDir: resolve(dir ? dir : DEFAULT_DATA_DIR) } };
}

function urlProtocol(url: string): string | null {
  try {
    return new URL(url).protocol;
  } catch {
    return null;
  }
}

/** One line: `audit chain OK …` or `audit chain BROKEN at id N: reason …`. */
export function verifyLine(r: AuditVerifyResult): string {
  const from = r.anchor ? `retention anchor ${r.anchor.throughId}` : 'genesis';
  if (r.ok) {
    return `audit chain OK: ${r.checkedRows} rows verified from ${from} through id ${r.headId} (head hash ${r.headHash})`;
  }
  const b = r.broken;
  const last = b?.lastGoodId === null || b?.lastGoodId === undefined ? 'none' : String(b.lastGoodId);
  return `audit chain BROKEN at id ${b?.id ?? '?'}: ${b?.reason ?? 'unknown'} (last good id ${last}, ${r.checkedRows} rows verified from ${from})`;
}
