/**
 * Broker-mode settings (DESIGN.md §10), validated by hand like the rest of `config.ts`, which calls this.
 * Pure: reads only the env object it is given.
 */
export const INGEST_MODES = ['embedded', 'external'] as const;
export type IngestMode = (typeof INGEST_MODES)[number];

export interface ExternalBrokerConfig {
  /** `mqtt://host:port` (or `mqtts://`) of Mosquitto's internal listener. */
  url: string;
  /** Mosquitto username of the ingest service account (no `:` in a Mosquitto password file). */
  username: string;
  /** `$share/<group>/…`: replicas in the same group split the readings. */
  shareGroup: string;
  /**
   * Stable per replica: the MQTT client ids are `ingest-<replicaId>-s<k>`, so a restart resumes its sessions.
   */
  replicaId: string;
  /** `INGEST_EXTERNAL_SESSIONS`: MQTT sessions per replica in the share group (DESIGN.md §10.5). */
  sessions: number;
}

/** Default `INGEST_EXTERNAL_SESSIONS`: up to 16 readings per group commit (DESIGN.md §10.5). */
export const DEFAULT_EXTERNAL_SESSIONS = 16;
/** Upper bound of `INGEST_EXTERNAL_SESSIONS` (each session is a TCP connection and a share-group member). */
export const MAX_EXTERNAL_SESSIONS = 256;

type Env = Readonly<Record<string, string | undefined>>;

/** A bad variable, named (the caller turns it into its own ConfigError). */
export interface EnvProblem {
  variable: string;
  problem: string;
}

const MQTT_URL = /^mqtts?:\/\/[A-Za-z0-9.:[\]-]+:\d{1,5}$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Parses the mode and, in external mode, the broker settings. Returns a problem instead of throwing. */
export function parseBrokerMode(
  env: Env,
): { ok: true; mode: IngestMode; external: ExternalBrokerConfig | null } | ({ ok: false } & EnvProblem) {
  const mode = env.INGEST_MODE || 'embedded';
  if (!(INGEST_MODES as readonly string[]).includes(mode)) {
    return { ok: false, variable: 'INGEST_MODE', problem: `must be one of ${INGEST_MODES.join(', ')}` };
  }
  if (mode === 'embedded') return { ok: true, mode: 'embedded', external: null };
  const url = env.INGEST_BROKER_URL || 'mqtt://127.0.0.1:1883';
  if (!MQTT_URL.test(url)) {
    return {
      ok: false,
      variable: 'INGEST_BROKER_URL',
      problem: `must look like mqtt://host:port, got "${url}"`,
    };
  }
  const username = env.INGEST_BROKER_USERNAME || 'svc.ingest';
  if (!NAME.test(username)) {
    return { ok: false, variable: 'INGEST_BROKER_USERNAME', problem: 'letters, digits, ".", "_", "-" only' };
  }
  const shareGroup = env.INGEST_SHARE_GROUP || 'ingest';
  if (!NAME.test(shareGroup) || shareGroup.includes('.')) {
    return { ok: false, variable: 'INGEST_SHARE_GROUP', problem: 'letters, digits, "_", "-" only' };
  }
  const replicaId = env.INGEST_REPLICA_ID ?? '';
  if (!NAME.test(replicaId)) {
    return {
      ok: false,
      variable: 'INGEST_REPLICA_ID',
      problem: replicaId
        ? 'letters, digits, ".", "_", "-" only (max 64)'
        : 'is required in external mode (a stable id keeps the replica its persistent session)',
    };
  }
  const sessions = parseSessions(env.INGEST_EXTERNAL_SESSIONS);
  if (typeof sessions === 'string') {
    return { ok: false, variable: 'INGEST_EXTERNAL_SESSIONS', problem: sessions };
  }
  return { ok: true, mode: 'external', external: { url, username, shareGroup, replicaId, sessions } };
}

/** `INGEST_EXTERNAL_SESSIONS`: an integer 1…256, default 16; a string is the problem. */
function parseSessions(raw: string | undefined): number | string {
  if (raw === undefined || raw === '') return DEFAULT_EXTERNAL_SESSIONS;
  if (!/^\d+$/.test(raw)) return `must be an integer, got "${raw}"`;
  const n = Number(raw);
  if (n < 1 || n > MAX_EXTERNAL_SESSIONS) {
    return `must be between 1 and ${MAX_EXTERNAL_SESSIONS}, got ${n}`;
  }
  return n;
}
