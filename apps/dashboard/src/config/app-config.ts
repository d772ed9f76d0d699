/**
 * Dashboard configuration, parsed once at start-up (src/main.tsx) from the build-time environment and the
 * page URL. Nothing else reads `import.meta.env` or `location.search`.
 */

/** Validated configuration. */
export interface AppConfig {
  /** Prefix for REST and socket.io URLs; '' means same origin (the API serves the dashboard). */
  readonly apiBaseUrl: string;
  /** A reading older than this is shown as stale. */
  readonly staleAfterMs: number;
}

export type ConfigResult = { ok: true; config: AppConfig } | { ok: false; problem: string };

/** Default staleness threshold for heart rate (a strap notifies about once a second). */
export const DEFAULT_STALE_AFTER_SECONDS = 15;
const MAX_STALE_AFTER_SECONDS = 24 * 60 * 60;

/** Raw inputs: `search` is `location.search`; `apiBaseUrl` is `import.meta.env.VITE_API_BASE_URL`. */
export interface ConfigInput {
  search: string;
  apiBaseUrl?: string | undefined;
}

/** Validates the inputs; a bad value yields a message naming it (shown instead of the app). */
export function parseAppConfig(input: ConfigInput): ConfigResult {
  const params = new URLSearchParams(input.search);
  let staleAfterMs = DEFAULT_STALE_AFTER_SECONDS * 1000;
  const rawStale = params.get('staleAfterSeconds');
  if (rawStale !== null) {
    const seconds = /^\d+(\.\d+)?$/.test(rawStale.trim()) ? Number(rawStale) : Number.NaN;
    if (!(seconds > 0 && seconds <= MAX_STALE_AFTER_SECONDS)) {
      return {
        ok: false,
        problem: `staleAfterSeconds must be a number of seconds between 0 and ${MAX_STALE_AFTER_SECONDS} (got "${rawStale}")`,
      };
    }
    staleAfterMs = Math.round(seconds * 1000);
  }

  let apiBaseUrl = (input.apiBaseUrl ?? '').trim();
  if (apiBaseUrl !== '') {
    let url: URL;
    try {
      url = new URL(apiBaseUrl);
    } catch {
      return { ok: false, problem: `VITE_API_BASE_URL is not a URL (got "${apiBaseUrl}")` };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return { ok: false, problem: `VITE_API_BASE_URL must be http(s) (got "${apiBaseUrl}")` };
    }
    apiBaseUrl = apiBaseUrl.replace(/\/+$/, '');
  }
  return { ok: true, config: { apiBaseUrl, staleAfterMs } };
}
