/**
 * Where ingest gets its registry from (DESIGN.md §8): exactly one of `INGEST_REGISTRY_FILE` (the file the API
 * exports) or `INGEST_REGISTRY_URL` + `INGEST_REGISTRY_TOKEN` (the API's authenticated feed). Pure.
 */

/** The network source. */
export interface RegistryFeedConfig {
  /** `INGEST_REGISTRY_URL`: the feed endpoint (`http(s)://…/internal/v1/registry`). */
  url: string;
  /** `INGEST_REGISTRY_TOKEN`: ≥ 32 characters, different from `INGEST_SERVICE_TOKEN`. */
  token: string;
}

export type RegistrySource = { kind: 'file'; file: string } | { kind: 'feed'; feed: RegistryFeedConfig };

export type RegistrySourceResult =
  { ok: true; source: RegistrySource } | { ok: false; variable: string; problem: string };

type Env = Readonly<Record<string, string | undefined>>;

const MIN_TOKEN_LENGTH = 32;

const set = (v: string | undefined): v is string => v !== undefined && v !== '';

/** Validates the registry source variables. `serviceToken` is the already validated `INGEST_SERVICE_TOKEN`. */
export function parseRegistrySource(env: Env, serviceToken: string): RegistrySourceResult {
  const file = env['INGEST_REGISTRY_FILE'];
  const url = env['INGEST_REGISTRY_URL'];
  const token = env['INGEST_REGISTRY_TOKEN'];
  const fail = (variable: string, problem: string): RegistrySourceResult => ({
    ok: false,
    variable,
    problem,
  });
  if (set(file) && set(url)) {
    return fail(
      'INGEST_REGISTRY_URL',
      'cannot be combined with INGEST_REGISTRY_FILE: set exactly one registry source',
    );
  }
  if (set(file)) {
    if (set(token)) return fail('INGEST_REGISTRY_TOKEN', 'is only used with INGEST_REGISTRY_URL');
    return { ok: true, source: { kind: 'file', file } };
  }
  if (!set(url)) {
    return fail('INGEST_REGISTRY_FILE', 'is required (or INGEST_REGISTRY_URL with INGEST_REGISTRY_TOKEN)');
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return fail('INGEST_REGISTRY_URL', `is not a URL: "${url}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return fail('INGEST_REGISTRY_URL', 'must be an http:// or https:// URL');
  }
  if (parsed.username || parsed.password || parsed.search || parsed.hash) {
    return fail('INGEST_REGISTRY_URL', 'must not carry credentials, a query or a fragment');
  }
  if (!set(token)) return fail('INGEST_REGISTRY_TOKEN', 'is required with INGEST_REGISTRY_URL');
  if (token.length < MIN_TOKEN_LENGTH) {
    return fail('INGEST_REGISTRY_TOKEN', `must be at least ${MIN_TOKEN_LENGTH} characters`);
  }
  if (token === serviceToken) return fail('INGEST_REGISTRY_TOKEN', 'must differ from INGEST_SERVICE_TOKEN');
  return { ok: true, source: { kind: 'feed', feed: { url: parsed.toString(), token } } };
}
