/**
 * Pages of Observations over ingest's readings API. Points come in (measuredAt, readingId, idx) order from one
 * stream per metric (or one stream of all metrics); the streams are merged in that order, grouped by reading,
 * mapped to Observations, and a page ends only between two readings. The position before the first unserved
 * reading is the next page's cursor (see observation-cursor.ts). No I/O of its own: pages are fetched through
 * the function passed in.
 */
import type { ExportPoint, Metric, ReadingsResponse } from '@openward/contracts';
import type { StreamPosition } from './observation-cursor.js';

export type FetchPage = (
  metric: Metric | undefined,
  after: string | null,
  limit: number,
) => Promise<ReadingsResponse>;

/** One ingest stream with a look-ahead of one point. */
export class PointStream {
  private points: readonly ExportPoint[] = [];
  private i = 0;
  private loaded = false;
  private pageAfter: string | null;
  private next: string | null = null;

  constructor(
    private readonly fetchPage: FetchPage,
    private readonly metric: Metric | undefined,
    private readonly start: StreamPosition,
    private readonly limit: number,
  ) {
    this.pageAfter = start.after;
  }

  /** The next unserved point, loading pages as needed; null at the end of the stream. */
  async head(): Promise<ExportPoint | null> {
    for (;;) {
      if (this.loaded && this.i < this.points.length) return this.points[this.i] ?? null;
      if (this.loaded && this.next === null) return null;
      const after = this.loaded ? this.next : this.start.after;
      const page = await this.fetchPage(this.metric, after, this.limit);
      this.i = this.loaded ? 0 : this.start.skip;
      this.pageAfter = after;
      this.points = page.points;
      this.next = page.next;
      this.loaded = true;
    }
  }

  /** Where the head point is; valid after {@link head} resolved. */
  position(): StreamPosition {
    return { after: this.pageAfter, skip: this.i };
  }

  advance(): void {
    this.i++;
  }
}

const key = (p: ExportPoint): [number, string, number] => [Date.parse(p.measuredAt), p.readingId, p.idx];

function before(a: ExportPoint, b: ExportPoint): boolean {
  const [ta, ra, ia] = key(a);
  const [tb, rb, ib] = key(b);
  if (ta !== tb) return ta < tb;
  if (ra !== rb) return ra < rb;
  return ia < ib;
}

export interface PageResult<T> {
  readonly items: T[];
  /** Positions of the first unserved reading; null when the streams are exhausted. */
  readonly next: StreamPosition[] | null;
}

export interface CollectOptions<T> {
  /** Most items per page (a page may hold fewer: it never splits a reading). */
  readonly count: number;
  /** Stop after scanning this many points even if the page is not full (bounds the cost of sparse filters). */
  readonly maxScan: number;
  /** The items of one reading's points (possibly none: filtered out). */
  readonly map: (reading: ExportPoint[]) => T[];
}

/** Merges the streams and collects one page of items. */
export async function collectPage<T>(
  streams: readonly PointStream[],
  o: CollectOptions<T>,
): Promise<PageResult<T>> {
  const items: T[] = [];
  let scanned = 0;
  for (;;) {
    const heads = await Promise.all(streams.map((s) => s.head()));
    let first: ExportPoint | null = null;
    for (const h of heads) if (h && (!first || before(h, first))) first = h;
    if (!first) return { items, next: null };
    const positions = streams.map((s) => s.position());
    if (items.length >= o.count || scanned >= o.maxScan) return { items, next: positions };
    const group: ExportPoint[] = [];
    for (const s of streams) {
      for (
        let h = await s.head();
        h && h.readingId === first.readingId && h.measuredAt === first.measuredAt;
        h = await s.head()
      ) {
        group.push(h);
        s.advance();
      }
    }
    scanned += group.length;
    const mapped = o.map(group);
    if (items.length > 0 && items.length + mapped.length > o.count) return { items, next: positions };
    items.push(...mapped);
  }
}
