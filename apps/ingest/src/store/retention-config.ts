import { policyProblem } from './rollup.js';
import type { RetentionPolicy } from './vitals-store.js';

/** Retention when no variable is set (DESIGN.md §12.5): raw 90 days, 1-minute 400 days, 1-hour forever. */
export const DEFAULT_RETENTION: Readonly<RetentionPolicy> = { rawDays: 90, minuteDays: 400, hourDays: 0 };
/** `INGEST_MAINTENANCE_INTERVAL_MS` default: the pause between two maintenance runs. */
export const DEFAULT_MAINTENANCE_INTERVAL_MS = 10_000;

export type RetentionConfigResult =
  | { ok: true; retention: RetentionPolicy | null; maintenanceIntervalMs: number | null }
  | { ok: false; variable: string; problem: string };

type Env = Readonly<Record<string, string | undefined>>;

const VARS = {
  rawDays: 'INGEST_RETENTION_RAW_DAYS',
  minuteDays: 'INGEST_RETENTION_1M_DAYS',
  hourDays: 'INGEST_RETENTION_1H_DAYS',
} as const;

/** Longest finite retention: 100 years. */
const MAX_DAYS = 36_500;

/**
 * Validates the retention variables (days, 0 = forever; raw ≤ 1-minute ≤ 1-hour) and
 * `INGEST_MAINTENANCE_INTERVAL_MS` (100 ms … 1 day). Unset variables take the defaults; `retention` /
 * `maintenanceIntervalMs` are null when none of their variables is set. Pure.
 */
export function parseRetentionConfig(env: Env): RetentionConfigResult {
  const set = (name: string) => env[name] !== undefined && env[name] !== '';
  const policy = { ...DEFAULT_RETENTION };
  for (const [key, name] of Object.entries(VARS) as [keyof RetentionPolicy, string][]) {
    if (!set(name)) continue;
    const raw = env[name]!;
    if (!/^\d{1,6}$/.test(raw) || Number(raw) > MAX_DAYS) {
      return {
        ok: false,
        variable: name,
        problem: `must be a whole number of days 0..${MAX_DAYS} (0 = forever), got "${raw}"`,
      };
    }
    policy[key] = Number(raw);
  }
  const problem = policyProblem(policy);
  if (problem) {
    // Name the coarser tier's variable: it is the one that must grow (or the finer one shrink).
    const variable = problem.startsWith('raw') ? VARS.minuteDays : VARS.hourDays;
    return { ok: false, variable, problem: `${problem} (0 = forever counts as longest)` };
  }
  let interval: number | null = null;
  const rawInterval = env['INGEST_MAINTENANCE_INTERVAL_MS'];
  if (rawInterval !== undefined && rawInterval !== '') {
    interval = /^\d{1,9}$/.test(rawInterval) ? Number(rawInterval) : NaN;
    if (!(interval >= 100 && interval <= 86_400_000)) {
      return {
        ok: false,
        variable: 'INGEST_MAINTENANCE_INTERVAL_MS',
        problem: `must be an integer between 100 and 86400000, got "${rawInterval}"`,
      };
    }
  }
  return {
    ok: true,
    retention: Object.values(VARS).some(set) ? policy : null,
    maintenanceIntervalMs: interval,
  };
}
