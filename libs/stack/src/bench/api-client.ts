import {
  EXPORT_MAX_LIMIT,
  latestManyResponseSchema,
  loginResponseSchema,
  patientPageSchema,
  readingsResponseSchema,
} from '@openward/contracts';

/** What the API benchmark creates through the admin API. */
export interface BenchWorld {
  team: string;
  patients: number;
  nurse: { username: string; password: string };
  gatewayId: string;
  devices: (index: number) => { address: string; kind: string }[];
}

const ASSIGNED_FROM = (): string => new Date(Date.now() - 40 * 86_400_000).toISOString();
const CONCURRENCY = 8;

async function body(res: Response, what: string): Promise<unknown> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return text === '' ? null : (JSON.parse(text) as unknown);
}

/** Runs `fn` over `items` with a few requests in flight. */
async function pool<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/** A signed-in client of the clinician API, as the benchmark uses it. */
export class BenchApi {
  private constructor(
    readonly url: string,
    private readonly token: string,
  ) {}

  static async signIn(url: string, username: string, password: string): Promise<BenchApi> {
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const login = loginResponseSchema.parse(await body(res, `login ${username}`));
    return new BenchApi(url, login.accessToken);
  }

  /** One password sign-in; true when it succeeded. */
  async tryLogin(username: string, password: string): Promise<boolean> {
    const res = await fetch(`${this.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    await res.arrayBuffer();
    return res.status === 200;
  }

  private async call(method: string, path: string, payload?: unknown): Promise<unknown> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
    });
    return body(res, `${method} ${path}`);
  }

  /** Creates the care team, its patients, their devices and assignments, and a nurse of the team. */
  async createWorld(w: BenchWorld): Promise<string[]> {
    await this.call('POST', '/api/admin/care-teams', { id: w.team, name: 'Benchmark team' });
    const ids = Array.from({ length: w.patients }, (_, i) => `p-bench-${String(i).padStart(5, '0')}`);
    await pool(
      ids.map((id, i) => ({ id, i })),
      async ({ id, i }) => {
        await this.call('POST', '/api/admin/patients', {
          id,
          givenName: 'Bench',
          familyName: `Patient ${i}`,
          birthDate: '1950-01-01',
          gender: 'unknown',
          mrn: `BENCH-${i}`,
          careTeamId: w.team,
        });
        for (const d of w.devices(i)) {
          await this.call('POST', '/api/admin/devices', {
            address: d.address,
            gatewayId: w.gatewayId,
            kind: d.kind,
          });
          await this.call('POST', `/api/admin/devices/${encodeURIComponent(d.address)}/assign`, {
            patientId: id,
            from: ASSIGNED_FROM(),
          });
        }
      },
    );
    await this.call('POST', '/api/admin/users', {
      username: w.nurse.username,
      displayName: 'Bench Nurse',
      role: 'nurse',
      careTeamIds: [w.team],
      password: w.nurse.password,
    });
    return ids;
  }

  /** Waits until ingest applied the API's current registry version (its `ingest_registry_version`). */
  static async waitForRegistry(apiUrl: string, feedToken: string, ingestUrl: string): Promise<void> {
    const feed = await fetch(`${apiUrl}/internal/v1/registry`, {
      headers: { authorization: `Bearer ${feedToken}` },
    });
    const { version } = (await body(feed, 'registry feed')) as { version: number };
    const deadline = Date.now() + 60_000;
    for (;;) {
      const metrics = await (await fetch(`${ingestUrl}/metrics`)).text();
      const v = Number(/^ingest_registry_version (\d+)/m.exec(metrics)?.[1] ?? -1);
      if (v >= version) return;
      if (Date.now() > deadline) throw new Error(`ingest registry version ${v} < ${version} after 60 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** The nurse worklist: every patient of the caller's teams with latest vitals, one page. */
  async worklist(): Promise<{ patients: number; withVitals: number }> {
    const page = patientPageSchema.parse(await this.call('GET', '/api/patients?include=latest&limit=1000'));
    return {
      patients: page.items.length,
      withVitals: page.items.filter((p) => (p.latest ?? []).length > 0).length,
    };
  }

  async fhirSearch(
    patientId: string,
    from: string,
    to: string,
    count: number,
  ): Promise<{ entries: number; next: string | null }> {
    const q = new URLSearchParams({ patient: patientId, _count: String(count) });
    q.append('date', `ge${from}`);
    q.append('date', `le${to}`);
    return this.fhirPage(`/fhir/R4/Observation?${q.toString()}`);
  }

  private async fhirPage(path: string): Promise<{ entries: number; next: string | null }> {
    const bundle = (await this.call('GET', path)) as {
      resourceType: string;
      entry?: unknown[];
      link?: { relation: string; url: string }[];
    };
    if (bundle.resourceType !== 'Bundle') throw new Error(`FHIR search answered ${bundle.resourceType}`);
    const next = bundle.link?.find((l) => l.relation === 'next')?.url ?? null;
    return { entries: bundle.entry?.length ?? 0, next };
  }

  /** Follows every `next` link of the search; counts pages and entries. */
  async fhirWalk(
    patientId: string,
    from: string,
    to: string,
    count: number,
  ): Promise<{ pages: number; entries: number }> {
    let page = await this.fhirSearch(patientId, from, to, count);
    let pages = 1;
    let entries = page.entries;
    while (page.next !== null) {
      const u = new URL(page.next);
      page = await this.fhirPage(`${u.pathname}${u.search}`);
      pages++;
      entries += page.entries;
    }
    return { pages, entries };
  }

  /** Baseline: ingest's bulk latest for the same patients (service token, no API in between). */
  static async ingestLatest(
    ingest: { url: string; token: string },
    patientIds: readonly string[],
  ): Promise<void> {
    const res = await fetch(`${ingest.url}/internal/v1/latest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ingest.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ patientIds }),
    });
    latestManyResponseSchema.parse(await body(res, 'ingest latest'));
  }

  /** Baseline: ingest's raw readings page for the same patient and range. */
  static async ingestReadings(
    ingest: { url: string; token: string },
    patientId: string,
    from: string,
    to: string,
    limit: number,
  ): Promise<void> {
    const q = new URLSearchParams({ from, to, limit: String(Math.min(limit, EXPORT_MAX_LIMIT)) });
    const res = await fetch(
      `${ingest.url}/internal/v1/patients/${encodeURIComponent(patientId)}/readings?${q.toString()}`,
      {
        headers: { authorization: `Bearer ${ingest.token}` },
      },
    );
    readingsResponseSchema.parse(await body(res, 'ingest readings'));
  }
}
