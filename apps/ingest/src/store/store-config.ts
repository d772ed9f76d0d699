import { INFLUX_DB_PATTERN } from './influx-store.js';

/** `INGEST_STORE` values (DESIGN.md §11). */
export const STORE_KINDS = ['duckdb', 'influx'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export interface InfluxConfig {
  /** `INGEST_INFLUX_URL`: base URL of the v1 HTTP API. */
  url: string;
  /** `INGEST_INFLUX_DB`: created at start with `CREATE DATABASE` if absent (and the user may). */
  database: string;
  /** `INGEST_INFLUX_USERNAME` / `INGEST_INFLUX_PASSWORD`: both or neither (InfluxDB `auth-enabled`). */
  username?: string;
  password?: string;
}

export type StoreConfigResult =
  | { ok: true; store: StoreKind; influx: InfluxConfig | null }
  | { ok: false; variable: string; problem: string };

type Env = Readonly<Record<string, string | undefined>>;

const orDefault = (v: string | undefined, d: string) => (v === undefined || v === '' ? d : v);

/** Validates `INGEST_STORE`, `INGEST_INFLUX_URL`, `INGEST_INFLUX_DB`. Pure. */
export function parseStoreConfig(env: Env): StoreConfigResult {
  const store = orDefault(env['INGEST_STORE'], 'duckdb');
  if (!(STORE_KINDS as readonly string[]).includes(store)) {
    return { ok: false, variable: 'INGEST_STORE', problem: `must be one of ${STORE_KINDS.join(', ')}` };
  }
  if (store === 'duckdb') return { ok: true, store: 'duckdb', influx: null };
  const url = orDefault(env['INGEST_INFLUX_URL'], 'http://127.0.0.1:8086');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, variable: 'INGEST_INFLUX_URL', problem: `is not a URL: "${url}"` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { ok: false, variable: 'INGEST_INFLUX_URL', problem: 'must be an http:// or https:// URL' };
  }
  if (parsed.username || parsed.password || parsed.search || parsed.hash) {
    return {
      ok: false,
      variable: 'INGEST_INFLUX_URL',
      problem: 'must not carry credentials, a query or a fragment',
    };
  }
  const database = orDefault(env['INGEST_INFLUX_DB'], 'openward');
  if (!INFLUX_DB_PATTERN.test(database)) {
    return {
      ok: false,
      variable: 'INGEST_INFLUX_DB',
      problem: `must be 1-64 letters, digits, "_" or "-", got "${database}"`,
    };
  }
  const username = env['INGEST_INFLUX_USERNAME'] ?? '';
  const password = env['INGEST_INFLUX_PASSWORD'] ?? '';
  if ((username === '') !== (password === '')) {
    return {
      ok: false,
      variable: username === '' ? 'INGEST_INFLUX_USERNAME' : 'INGEST_INFLUX_PASSWORD',
      problem: 'INGEST_INFLUX_USERNAME and INGEST_INFLUX_PASSWORD are set together or not at all',
    };
  }
  if (username.includes(':')) {
    return {
      ok: false,
      variable: 'INGEST_INFLUX_USERNAME',
      problem: 'must not contain ":" (HTTP basic auth)',
    };
  }
  const url2 = parsed.toString().replace(/\/+$/, '');
  return {
    ok: true,
    store: 'influx',
    influx: { url: url2, database, ...(username ? { username, password } : {}) },
  };
}
