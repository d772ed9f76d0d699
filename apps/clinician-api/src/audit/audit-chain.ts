import { createHash } from 'node:crypto';
import type { AuditEntry } from './audit.port.js';

/**
 * The audit hash chain (DESIGN.md §2): pure functions, no I/O. `hash = hex(SHA-256(prevHash ‖ canonical(row)))`.
 */

/** `prev_hash` of the very first row, and `audit_chain_head.last_hash` of an empty chain (migration 0004). */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON values a `detail` may hold once stored as jsonb. */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [k: string]: JsonValue };

/** One audit row's hashed fields, exactly as stored in `audit_events` (and as read back). */
export interface ChainEntry {
  readonly at: Date;
  readonly actorId: string | null;
  readonly actorRole: string | null;
  readonly patientId: string | null;
  readonly action: string;
  readonly resource: string;
  readonly outcome: string;
  readonly sourceIp: string | null;
  readonly breakGlass: boolean;
  readonly detail: { readonly [k: string]: JsonValue } | null;
}

/** A {@link ChainEntry} with the id the sequence gave it. */
export interface ChainRow extends ChainEntry {
  readonly id: number;
}

/** A row with its chain link, as inserted (and as read back: null hashes only on tampered/legacy rows). */
export interface SealedRow extends ChainRow {
  readonly prevHash: string;
  readonly hash: string;
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one (code units). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as PostgreSQL will store it, so the hash computed before INSERT equals the one recomputed after
 * SELECT: NUL (refused by `text` and `jsonb`) becomes U+FFFD, and so does a lone surrogate (which the
 * drivers' UTF-8 encoders would silently replace).
 */
export function storableText(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD').replaceAll('\u0000', '\uFFFD');
}

function storableJson(v: unknown): JsonValue | undefined {
  if (v === null) return null;
  if (typeof v === 'string') return storableText(v);
  if (typeof v === 'boolean') return v;
  // jsonb (like JSON.stringify) has no NaN/Infinity: they are stored as null.
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (Array.isArray(v)) return v.map((x) => storableJson(x) ?? null);
  if (typeof v === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [k, x] of Object.entries(v)) {
      const s = storableJson(x);
      if (s !== undefined) out[storableText(k)] = s;
    }
    return out;
  }
  return undefined; // undefined, functions, symbols, bigint: dropped like JSON.stringify does
}

/** The entry a caller asked to record, stamped with its time and normalised to what the database keeps. */
export function toChainEntry(entry: AuditEntry, at: Date): ChainEntry {
  const text = (s: string | null): string | null => (s === null ? null : storableText(s));
  const detail = entry.detail === undefined ? null : storableJson(entry.detail);
  return {
    at: new Date(at.getTime()),
    actorId: text(entry.actorId),
    actorRole: text(entry.actorRole),
    patientId: text(entry.patientId),
    action: storableText(entry.action),
    resource: storableText(entry.resource),
    outcome: storableText(entry.outcome),
    sourceIp: text(entry.sourceIp),
    breakGlass: entry.breakGlass ?? false,
    detail: isJsonObject(detail) ? detail : null,
  };
}

function isJsonObject(v: JsonValue | undefined): v is { readonly [k: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * RFC 8785 (JCS) serialisation of a JSON value: object keys sorted by UTF-16 code units, no whitespace,
 * strings and numbers as ECMAScript `JSON.stringify` writes them.
 */
export function canonicalJson(v: JsonValue): string {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number' && !Number.isFinite(v)) return 'null';
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) return `[${(v as readonly JsonValue[]).map(canonicalJson).join(',')}]`;
  const obj = v as { readonly [k: string]: JsonValue };
  const keys = Object.keys(obj).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k] ?? null)}`).join(',')}}`;
}

/**
 * Canonical form of a row (DESIGN.md §2.1): the JCS array
 * `[id, at, actorId, actorRole, patientId, action, resource, outcome, sourceIp, breakGlass, detail]`,
 * `at` as `Date.prototype.toISOString()` (UTC, milliseconds), absent values as `null`.
 */
export function canonicalise(row: ChainRow): string {
  return canonicalJson([
    row.id,
    row.at.toISOString(),
    row.actorId,
    row.actorRole,
    row.patientId,
    row.action,
    row.resource,
    row.outcome,
    row.sourceIp,
    row.breakGlass,
    row.detail,
  ]);
}

/** `hex(SHA-256(UTF-8(prevHash ‖ canonicalise(row))))`; prevHash is 64 lowercase hex digits. */
export function chainHash(prevHash: string, row: ChainRow): string {
  return createHash('sha256')
    .update(prevHash + canonicalise(row), 'utf8')
    .digest('hex');
}

/** Links rows (in id order) after `prevHash`: each row's prevHash is the hash of the one before it. */
export function sealRows(prevHash: string, rows: readonly ChainRow[]): SealedRow[] {
  let prev = prevHash;
  return rows.map((row) => {
    const hash = chainHash(prev, row);
    const sealed: SealedRow = { ...row, prevHash: prev, hash };
    prev = hash;
    return sealed;
  });
}
