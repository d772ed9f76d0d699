/**
 * Freshness of a displayed reading. Always computed from the reading's `measuredAt` (when the body was
 * measured), never from when the browser received it, so a backlog replayed after an outage shows its real age.
 */
export type Freshness = 'fresh' | 'stale' | 'nodata';

/** Age of a reading in ms, clamped at 0 (a gateway clock slightly ahead must not show "-2 s ago"). */
export function ageMs(measuredAtMs: number, nowMs: number): number {
  return Math.max(0, nowMs - measuredAtMs);
}

/** `nodata` without a reading; `stale` once the reading is older than `staleAfterMs`; otherwise `fresh`. */
export function freshnessOf(measuredAtMs: number | null, nowMs: number, staleAfterMs: number): Freshness {
  if (measuredAtMs === null) return 'nodata';
  return ageMs(measuredAtMs, nowMs) > staleAfterMs ? 'stale' : 'fresh';
}

export interface StaleTransition {
  id: string;
  from: Freshness;
  to: 'stale' | 'fresh';
}

/**
 * Which items went stale or recovered between two snapshots (for the screen-reader announcement). Items that
 * are new in `next` are not reported: only changes the user has not seen yet are announced.
 */
export function staleTransitions(
  previous: ReadonlyMap<string, Freshness>,
  next: ReadonlyMap<string, Freshness>,
): StaleTransition[] {
  const out: StaleTransition[] = [];
  for (const [id, to] of next) {
    const from = previous.get(id);
    if (from === undefined || from === to) continue;
    if (to === 'stale') out.push({ id, from, to });
    else if (to === 'fresh' && from === 'stale') out.push({ id, from, to });
  }
  return out;
}
