import type { AuditEventRecord } from '@openward/contracts';
import { toFhirAuditEvent, type AuditEvent, type Bundle, type BundleLink } from '@openward/fhir';
import type { StoredRow } from './audit-verify.js';

/** Pure mappers from stored audit rows to the admin API's JSON and to a FHIR searchset Bundle. */

export function toAuditRecord(row: StoredRow): AuditEventRecord {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorRole: row.actorRole,
    patientId: row.patientId,
    action: row.action,
    resource: row.resource,
    outcome: row.outcome as AuditEventRecord['outcome'],
    sourceIp: row.sourceIp,
    breakGlass: row.breakGlass,
    detail: row.detail,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

/** A searchset Bundle of AuditEvent; `self`/`next` are the export URLs of this page and the next one. */
export function auditBundle(
  rows: readonly StoredRow[],
  links: { readonly self: string; readonly next: string | null },
  now: Date,
): Bundle<AuditEvent> {
  const link: BundleLink[] = [{ relation: 'self', url: links.self }];
  if (links.next !== null) link.push({ relation: 'next', url: links.next });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    timestamp: now.toISOString(),
    link,
    ...(rows.length > 0
      ? {
          entry: rows.map((row) => ({ resource: toFhirAuditEvent(row), search: { mode: 'match' as const } })),
        }
      : {}),
  };
}

/** The query string of a page (filters kept, cursor replaced). */
export function pageUrl(
  path: string,
  query: Readonly<Record<string, string | undefined>>,
  cursor: string | null,
): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && k !== 'cursor') params.set(k, v);
  if (cursor !== null) params.set('cursor', cursor);
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
