import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  auditPageSchema,
  auditVerifyResultSchema,
  type AuditPage,
  type AuditVerifyResult,
} from '@openward/contracts';
import { asc, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../src/database/database.js';
import { auditEvents } from '../src/database/schema.js';

/** Helpers of the audit integration specs: admin calls, direct (superuser) tampering, the built CLI. */

const here = dirname(fileURLToPath(import.meta.url));
export const VERIFY_CLI = join(here, '..', 'dist', 'audit', 'verify-main.js');
export const MAIN_JS = join(here, '..', 'dist', 'main.js');

export function requireBuild(file: string): void {
  if (!existsSync(file)) throw new Error(`build first: ${file} is missing (npx tsc -p tsconfig.build.json)`);
}

export async function adminGet(baseUrl: string, token: string, path: string): Promise<Response> {
  return fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
}

export async function verifyViaApi(baseUrl: string, token: string): Promise<AuditVerifyResult> {
  const res = await adminGet(baseUrl, token, '/api/admin/audit/verify');
  if (res.status !== 200) throw new Error(`verify → ${res.status}`);
  return auditVerifyResultSchema.parse(await res.json());
}

/** One audited admin read whose `audit.read` row carries `marker` (as detail.actorId). */
export async function markedRead(baseUrl: string, token: string, marker: string): Promise<Response> {
  return adminGet(baseUrl, token, `/api/admin/audit?actorId=${marker}&limit=1`);
}

export async function listPage(baseUrl: string, token: string, query: string): Promise<AuditPage> {
  const res = await adminGet(baseUrl, token, `/api/admin/audit?${query}`);
  if (res.status !== 200) throw new Error(`list → ${res.status}`);
  return auditPageSchema.parse(await res.json());
}

export function allRows(db: Db) {
  return db.select().from(auditEvents).orderBy(asc(auditEvents.id));
}

/** Markers (detail.actorId) of the committed `audit.read` rows. */
export async function markersInDb(db: Db, prefix: string): Promise<Set<string>> {
  const rows = await db
    .select({ marker: sql<string>`${auditEvents.detail}->>'actorId'` })
    .from(auditEvents)
    .where(
      sql`${auditEvents.action} = 'audit.read' and ${auditEvents.detail}->>'actorId' like ${`${prefix}%`}`,
    );
  return new Set(rows.map((r) => r.marker));
}

/**
 * What an attacker with database superuser rights does: switch the append-only trigger off for one statement
 * (PGlite and PostgreSQL both allow it to a superuser), then back on.
 */
export async function tamper(db: Db, statement: SQL): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_events disable trigger user`);
    await tx.execute(statement);
    await tx.execute(sql`alter table audit_events enable trigger user`);
  });
}

/** Runs the built `audit:verify` CLI against a data dir or database URL. */
export function runVerifyCli(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  requireBuild(VERIFY_CLI);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [VERIFY_CLI], {
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Environment that points the CLI at the same store as a test app. */
export function cliEnv(config: { databaseUrl: string | null; dataDir: string }): Record<string, string> {
  return config.databaseUrl ? { API_DATABASE_URL: config.databaseUrl } : { API_DATA_DIR: config.dataDir };
}

/** A Prometheus sample value from the text exposition (0 when absent). */
export function metricSample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}
