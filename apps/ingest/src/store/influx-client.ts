import { ClassifiedStoreError } from './vitals-store.js';

/** One series of an InfluxQL result. */
export interface InfluxSeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

interface QueryResponse {
  results?: { statement_id: number; series?: InfluxSeries[]; error?: string }[];
  error?: string;
}

/** Query parameters bound by InfluxDB (`params=`), never interpolated into the statement text. */
export type InfluxParams = Readonly<Record<string, string | number>>;

export interface InfluxClientOptions {
  /** Base URL, e.g. `http://127.0.0.1:8086`. */
  url: string;
  database: string;
  /** Per request; a timeout is a transient failure. */
  timeoutMs?: number;
  /** InfluxDB user (HTTP basic auth); with `password`, or neither. */
  username?: string;
  password?: string;
}

/**
 * Minimal InfluxDB v1 HTTP API client on `fetch` (`/write` line protocol, `/query` InfluxQL), served by
 * InfluxDB 1.x, 2.x (v1 compatibility) and 3.x. Failures are {@link ClassifiedStoreError}s
 * (DESIGN.md §11.4): no response, a timeout, 5xx, 408 and 429 are transient; other 4xx are permanent.
 */
export class InfluxClient {
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly auth: Record<string, string>;

  constructor(private readonly opts: InfluxClientOptions) {
    this.base = opts.url.replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    // Basic auth in a header, never `u=`/`p=` query parameters (those end up in access logs).
    this.auth =
      opts.username !== undefined && opts.password !== undefined
        ? {
            authorization: `Basic ${Buffer.from(`${opts.username}:${opts.password}`).toString('base64')}`,
          }
        : {};
  }

  /** Writes line protocol; resolves when InfluxDB answered 204 (WAL written and fsynced, §11.3). */
  async write(lines: string, precision: 'ns' | 'u' | 'ms'): Promise<void> {
    const q = new URLSearchParams({ db: this.opts.database, precision });
    const res = await this.request(`/write?${q.toString()}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: lines,
    });
    if (res.status !== 204) throw await httpError('write', res);
  }

  /**
   * Runs one or more `;`-separated statements and returns each statement's series (in statement order).
   * `epoch` selects the unit of returned timestamps. A statement error is permanent (bad query/schema).
   */
  async query(
    statements: string,
    params: InfluxParams = {},
    opts: { epoch?: 'ms' | 'u'; db?: boolean } = {},
  ): Promise<InfluxSeries[][]> {
    const form = new URLSearchParams({ q: statements, params: JSON.stringify(params) });
    if (opts.db !== false) form.set('db', this.opts.database);
    if (opts.epoch) form.set('epoch', opts.epoch);
    const res = await this.request('/query', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    if (res.status !== 200) throw await httpError('query', res);
    const body = (await res.json()) as QueryResponse;
    if (body.error) throw new ClassifiedStoreError('permanent', `influx query: ${body.error}`);
    return (body.results ?? []).map((r) => {
      if (r.error) throw new ClassifiedStoreError('permanent', `influx query: ${r.error}`);
      return r.series ?? [];
    });
  }

  private async request(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(`${this.base}${path}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), ...this.auth },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      // Connection refused/reset, DNS failure, timeout: InfluxDB may come back; the client redelivers.
      throw new ClassifiedStoreError('transient', `influx unreachable: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }
}

async function httpError(op: string, res: Response): Promise<ClassifiedStoreError> {
  const text = (await res.text().catch(() => '')).slice(0, 500);
  const kind = res.status >= 500 || res.status === 408 || res.status === 429 ? 'transient' : 'permanent';
  return new ClassifiedStoreError(kind, `influx ${op} failed: HTTP ${res.status} ${text}`.trim(), {
    status: res.status,
  });
}

/** Rows of a series as objects keyed by column name, with the series' group-by tags merged in. */
export function rowsOf(series: readonly InfluxSeries[]): Record<string, unknown>[] {
  return series.flatMap((s) =>
    s.values.map((v) => {
      const row: Record<string, unknown> = { ...s.tags };
      s.columns.forEach((c, i) => (row[c] = v[i]));
      return row;
    }),
  );
}
