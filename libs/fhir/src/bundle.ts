/** Bundles: search results with paging links, and collections (the GDPR export). Pure. */
import type { Bundle, BundleEntry, BundleLink, FhirResource } from './types.js';

/** `{base}/{type}/{id}`, or undefined for a resource without an id. */
export function fullUrl(base: string, resource: FhirResource): string | undefined {
  return resource.id ? `${base}/${resource.resourceType}/${resource.id}` : undefined;
}

export interface SearchEntry {
  readonly resource: FhirResource;
  /** `match`: answers the search; `include`: added because a match refers to it. */
  readonly mode: 'match' | 'include';
}

export interface SearchsetOptions {
  /** Server base, e.g. `https://ward.example.org/fhir/R4`. */
  readonly base: string;
  /** The URL of this page (the parameters the server applied). */
  readonly self: string;
  /** The URL of the next page; null on the last page. */
  readonly next: string | null;
  /** When the bundle was assembled (ISO instant). */
  readonly timestamp: string;
  /** Total number of matches when known (not given when paging through ingest's store). */
  readonly total?: number;
}

export function searchsetBundle(entries: readonly SearchEntry[], o: SearchsetOptions): Bundle {
  const link: BundleLink[] = [{ relation: 'self', url: o.self }];
  if (o.next !== null) link.push({ relation: 'next', url: o.next });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    timestamp: o.timestamp,
    ...(o.total === undefined ? {} : { total: o.total }),
    link,
    entry: entries.map((e) => searchEntry(o.base, e)),
  };
}

function searchEntry(base: string, e: SearchEntry): BundleEntry {
  const url = fullUrl(base, e.resource);
  return { ...(url ? { fullUrl: url } : {}), resource: e.resource, search: { mode: e.mode } };
}

/** A collection Bundle's entry (the export streams entries one by one, see collectionBundleParts). */
export function collectionEntry(base: string, resource: FhirResource): BundleEntry {
  const url = fullUrl(base, resource);
  return { ...(url ? { fullUrl: url } : {}), resource };
}

export function collectionBundle(
  base: string,
  resources: readonly FhirResource[],
  timestamp: string,
): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp,
    entry: resources.map((r) => collectionEntry(base, r)),
  };
}

/**
 * A collection Bundle as JSON text in parts, so a large export can be streamed: `head`, then each entry's JSON
 * joined by `separator`, then `tail`. Concatenated, they are exactly `JSON.stringify(collectionBundle(…))`.
 */
export function collectionBundleParts(
  timestamp: string,
  id?: string,
): { head: string; separator: string; tail: string } {
  const open = JSON.stringify({
    resourceType: 'Bundle',
    ...(id ? { id } : {}),
    type: 'collection',
    timestamp,
    entry: [],
  });
  // `…"entry":[]}` → head `…"entry":[` and tail `]}`.
  return { head: open.slice(0, -2), separator: ',', tail: ']}' };
}
