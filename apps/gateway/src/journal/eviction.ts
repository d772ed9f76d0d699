import type { EvictionGuard, Priority } from './journal-port.js';

/** Rank of a priority in eviction order: lower ranks are evicted first (DESIGN.md §9). */
export const PRIORITY_RANK: Record<Priority, number> = { continuous: 0, spot: 1 };

/** An entry that could be evicted, in eviction order within its priority (oldest first). */
export interface EvictionCandidate {
  key: number;
  id: string;
  bytes: number;
  priority: Priority;
}

/**
 * Chooses which entries to evict so that `needBytes` more bytes fit (DESIGN.md §9): oldest continuous
 * first; oldest spot only when the entry being made room for is itself a spot measurement. Entries the
 * guard protects (in flight) are skipped. Returns the victims in order, or null when even all allowed
 * victims would not free enough — then nothing must be evicted and the new entry is rejected. Pure:
 * `candidates(priority)` yields the adapter's index lazily, so only the victims are read.
 */
export function planEviction(
  needBytes: number,
  incoming: Priority,
  candidates: (priority: Priority) => Iterable<EvictionCandidate>,
  guard: EvictionGuard,
): EvictionCandidate[] | null {
  const victims: EvictionCandidate[] = [];
  if (needBytes <= 0) return victims;
  let freed = 0;
  const order: Priority[] = incoming === 'spot' ? ['continuous', 'spot'] : ['continuous'];
  for (const priority of order) {
    for (const c of candidates(priority)) {
      if (guard(c.key)) continue;
      victims.push(c);
      freed += c.bytes;
      if (freed >= needBytes) return victims;
    }
  }
  return null;
}
