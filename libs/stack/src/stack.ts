import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomSecret } from '@openward/credentials';
import { DEMO_GATEWAY_ID, DEMO_DEVICES, freePort, startNode, type ManagedProcess } from '@openward/testing';
import { ENTRY_POINTS, workspaceRoot } from './paths.js';

/**
 * Runs the whole platform as real processes on 127.0.0.1 with embedded defaults: firmware-sim, clinician API
 * (PGlite, serves the dashboard), ingest (aedes + DuckDB) and one home gateway. Used by `npm start`, the
 * end-to-end tests and the latency benchmark, so all three exercise the same wiring.
 */
export const SERVICE_ORDER = ['sim', 'api', 'ingest', 'gateway'] as const;
export type ServiceName = (typeof SERVICE_ORDER)[number];

export interface StackPorts {
  api: number;
  ingestMqtt: number;
  ingestHttp: number;
  simRadio: number;
  simControl: number;
  gatewayHttp: number;
}

/** Fixed ports of `npm start` (documented in docs/architecture.md). */
export const DEFAULT_PORTS: StackPorts = {
  api: 18080,
  ingestMqtt: 18830,
  ingestHttp: 18831,
  simRadio: 18840,
  simControl: 18841,
  gatewayHttp: 18850,
};

export interface StackSecrets {
  serviceToken: string;
  jwtSecret: string;
  gatewaySecret: string;
  /** Bearer token ingest presents on the API's registry feed (`API_REGISTRY_FEED_TOKEN` = `INGEST_REGISTRY_TOKEN`). */
  registryFeedToken: string;
  /** Key material for TOTP secrets at rest (`API_MFA_ENCRYPTION_KEY`). */
  mfaEncryptionKey: string;
}

const SECRET_NAMES = [
  'serviceToken',
  'jwtSecret',
  'gatewaySecret',
  'registryFeedToken',
  'mfaEncryptionKey',
] as const;

export interface StackOptions {
  /** Everything the platform stores lives below this directory; delete it to start fresh. */
  dataDir: string;
  /** Fixed ports; any port left out is picked free. */
  ports?: Partial<StackPorts>;
  /** Children log at `info` (their ready lines are info); `debug`/`trace` add detail. */
  logLevel?: 'info' | 'debug' | 'trace';
  /** Called with every output line of every process. */
  echo?: (service: string, line: string) => void;
  /** Interval of the simulated straps' automatic notifications. */
  simIntervalMs?: number;
  /** Serve the built dashboard from the API (default true). */
  serveDashboard?: boolean;
  readyTimeoutMs?: number;
  /** Services to run (default all, in {@link SERVICE_ORDER}); benchmarks run only api + ingest. */
  services?: readonly ServiceName[];
  /** Extra environment per service, applied over the defaults (benchmarks raise limits with it). */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
}

/**
 * Secrets are generated once per data directory and kept in `secrets.json` (mode 0600) so that a restart
 * finds the gateway credential the API's database already holds the hash of. A secret missing from an older
 * file (e.g. `registryFeedToken`) is generated and the file rewritten; existing values are kept.
 */
export function loadOrCreateSecrets(dataDir: string): StackSecrets {
  const file = join(dataDir, 'secrets.json');
  const stored: Partial<Record<(typeof SECRET_NAMES)[number], unknown>> = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<Record<(typeof SECRET_NAMES)[number], unknown>>)
    : {};
  const secrets = {} as StackSecrets;
  let changed = false;
  for (const name of SECRET_NAMES) {
    const v = stored[name];
    if (typeof v === 'string' && v.length > 0) secrets[name] = v;
    else {
      secrets[name] = randomSecret();
      changed = true;
    }
  }
  if (changed) {
    writeFileSync(file, JSON.stringify({ ...stored, ...secrets }, null, 2), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return secrets;
}

async function resolvePorts(fixed: Partial<StackPorts> = {}): Promise<StackPorts> {
  const out = {} as StackPorts;
  for (const key of Object.keys(DEFAULT_PORTS) as Array<keyof StackPorts>) {
    out[key] = fixed[key] ?? (await freePort());
  }
  return out;
}

export class Stack {
  readonly processes = new Map<ServiceName, ManagedProcess>();
  private readonly env: Record<ServiceName, Record<string, string>>;

  private constructor(
    readonly root: string,
    readonly dataDir: string,
    readonly ports: StackPorts,
    readonly secrets: StackSecrets,
    private readonly opts: StackOptions,
  ) {
    const logLevel = opts.logLevel ?? 'info';
    const dir = (name: string): string => {
      const d = join(dataDir, name);
      mkdirSync(d, { recursive: true });
      return d;
    };
    const registryFile = join(dir('registry'), 'registry.json');
    this.env = {
      sim: {
        SIM_HOST: '127.0.0.1',
        SIM_RADIO_PORT: String(ports.simRadio),
        SIM_CONTROL_PORT: String(ports.simControl),
        SIM_NOTIFY_INTERVAL_MS: String(opts.simIntervalMs ?? 1000),
        LOG_LEVEL: logLevel,
      },
      api: {
        API_HOST: '127.0.0.1',
        API_PORT: String(ports.api),
        API_DATA_DIR: dir('clinician-api'),
        API_JWT_SECRET: secrets.jwtSecret,
        API_INGEST_URL: `http://127.0.0.1:${ports.ingestHttp}`,
        API_INGEST_MQTT_URL: `mqtt://127.0.0.1:${ports.ingestMqtt}`,
        API_SERVICE_TOKEN: secrets.serviceToken,
        API_REGISTRY_EXPORT_FILE: registryFile,
        API_REGISTRY_FEED_TOKEN: secrets.registryFeedToken,
        API_DEMO_SEED: 'true',
        API_DEMO_GATEWAY_SECRET: secrets.gatewaySecret,
        API_MFA_ENCRYPTION_KEY: secrets.mfaEncryptionKey,
        // The local demo: demo users sign in with a password only, over plain http on loopback.
        API_MFA_REQUIRED_ROLES: '',
        API_COOKIE_SECURE: 'false',
        ...(opts.serveDashboard === false ? {} : { API_DASHBOARD_DIR: join(root, ENTRY_POINTS.dashboard) }),
        LOG_LEVEL: logLevel,
      },
      ingest: {
        INGEST_MQTT_HOST: '127.0.0.1',
        INGEST_MQTT_PORT: String(ports.ingestMqtt),
        INGEST_HTTP_HOST: '127.0.0.1',
        INGEST_HTTP_PORT: String(ports.ingestHttp),
        INGEST_DATA_DIR: dir('ingest'),
        // The registry comes over the API's authenticated long-poll feed (apps/ingest DESIGN.md §8.1), cached in
        // INGEST_DATA_DIR so ingest keeps authenticating while the API is down.
        INGEST_REGISTRY_URL: `http://127.0.0.1:${ports.api}/internal/v1/registry`,
        INGEST_REGISTRY_TOKEN: secrets.registryFeedToken,
        INGEST_SERVICE_TOKEN: secrets.serviceToken,
        LOG_LEVEL: logLevel,
      },
      gateway: {
        GATEWAY_ID: DEMO_GATEWAY_ID,
        GATEWAY_SECRET: secrets.gatewaySecret,
        GATEWAY_MQTT_URL: `mqtt://127.0.0.1:${ports.ingestMqtt}`,
        GATEWAY_BLE_BINDING: 'sim',
        GATEWAY_SIM_RADIO: `127.0.0.1:${ports.simRadio}`,
        GATEWAY_DATA_DIR: dir('gateway'),
        GATEWAY_HTTP_PORT: String(ports.gatewayHttp),
        GATEWAY_ALLOWED_DEVICES: DEMO_DEVICES.map((d) => d.address).join(','),
        LOG_LEVEL: logLevel,
      },
    };
  }

  /** Starts every service in dependency order, each only after the previous one printed its ready line. */
  static async start(opts: StackOptions): Promise<Stack> {
    const root = workspaceRoot();
    const services = SERVICE_ORDER.filter((n) => opts.services === undefined || opts.services.includes(n));
    for (const entry of services.map((n) => ENTRY_POINTS[n])) {
      if (!existsSync(join(root, entry)))
        throw new Error(`${entry} is missing: build first (npx nx run-many -t build)`);
    }
    mkdirSync(opts.dataDir, { recursive: true });
    const stack = new Stack(
      root,
      opts.dataDir,
      await resolvePorts(opts.ports),
      loadOrCreateSecrets(opts.dataDir),
      opts,
    );
    try {
      for (const name of services) await stack.startService(name);
    } catch (e) {
      await stack.stop();
      throw e;
    }
    return stack;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.ports.api}`;
  }
  get simControlUrl(): string {
    return `http://127.0.0.1:${this.ports.simControl}`;
  }
  get ingestUrl(): string {
    return `http://127.0.0.1:${this.ports.ingestHttp}`;
  }
  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.ports.gatewayHttp}`;
  }

  service(name: ServiceName): ManagedProcess {
    const p = this.processes.get(name);
    if (!p) throw new Error(`${name} is not running`);
    return p;
  }

  /** Starts (or restarts) one service and waits for its ready line. */
  async startService(name: ServiceName): Promise<ManagedProcess> {
    const entry = join(this.root, ENTRY_POINTS[name]);
    const env = { ...this.env[name], ...this.opts.env?.[name] };
    const proc = startNode(name, entry, [], { env, cwd: this.root, echo: this.opts.echo });
    this.processes.set(name, proc);
    await proc.waitForLine((l) => l.includes('"msg":"ready"'), this.opts.readyTimeoutMs ?? 60_000);
    return proc;
  }

  /** Stops one service: gracefully (SIGTERM) or as a crash (SIGKILL). */
  async stopService(name: ServiceName, how: 'graceful' | 'kill' = 'graceful'): Promise<void> {
    const p = this.processes.get(name);
    if (!p) return;
    if (how === 'kill') await p.kill();
    else await p.stop('SIGTERM', 15_000);
    this.processes.delete(name);
  }

  /** Stops everything in reverse start order. */
  async stop(): Promise<void> {
    for (const name of [...SERVICE_ORDER].reverse()) await this.stopService(name);
  }
}
