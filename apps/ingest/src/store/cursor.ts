/**
 * Export keyset cursor (DESIGN.md §12.6): the (measuredAt, readingId, idx) of the last point of a page,
 * base64url-encoded JSON behind a version prefix. Opaque to clients; any string is safe to decode. Pure.
 */
import type { VitalPoint } from './vitals-store.js';

export type ExportKey = Pick<VitalPoint, 'measuredAtMs' | 'readingId' | 'idx'>;

const PREFIX = 'v1.';
/** Reading ids are at most a few dozen characters (contracts); anything longer is not ours. */
const MAX_READING_ID = 256;
const MAX_CURSOR = 2 * MAX_READING_ID;

export function encodeCursor(k: ExportKey): string {
  return PREFIX + Buffer.from(JSON.stringify([k.measuredAtMs, k.readingId, k.idx])).toString('base64url');
}

/** The key of a cursor, or null when `s` is not a cursor {@link encodeCursor} could have produced. */
export function decodeCursor(s: string): ExportKey | null {
  if (s.length > MAX_CURSOR || !s.startsWith(PREFIX)) return null;
  const body = s.slice(PREFIX.length);
  if (!/^[A-Za-z0-9_-]*$/.test(body)) return null;
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(v) || v.length !== 3) return null;
  const [t, r, i] = v as unknown[];
  if (typeof t !== 'number' || !Number.isSafeInteger(t)) return null;
  if (typeof r !== 'string' || r.length === 0 || r.length > MAX_READING_ID) return null;
  if (typeof i !== 'number' || !Number.isSafeInteger(i) || i < 0 || i > 1_000_000) return null;
  return { measuredAtMs: t, readingId: r, idx: i };
}
