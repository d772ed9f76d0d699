import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Validates the production topology in docker-compose.yml with the installed dclint (Compose Spec schema +
// best-practice rules) and checks what a schema cannot: the required services exist, every file the compose
// file builds from or mounts as a config exists, and no secret is written in plain text.

/** Walks up from this file to the workspace root (the package.json that declares `workspaces`). */
function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && 'workspaces' in (JSON.parse(readFileSync(pkg, 'utf8')) as object)) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('repository root not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

const ROOT = findRepoRoot();
const DCLINT = join(ROOT, 'node_modules', '.bin', 'dclint');
const COMPOSE = join(ROOT, 'docker-compose.yml');

const REQUIRED_SERVICES = [
  'clinician-api',
  'coturn',
  'influxdb',
  'ingest-a',
  'ingest-b',
  'mosquitto',
  'postgres',
  'redis',
  'web',
] as const;

interface DclintMessage {
  rule: string;
  type: 'error' | 'warning';
  message: string;
  line: number;
}
interface DclintFileResult {
  filePath: string;
  messages: DclintMessage[];
  errorCount: number;
  warningCount: number;
}
interface DclintRun {
  exitCode: number;
  results: DclintFileResult[];
  stderr: string;
}

/** Runs dclint with the JSON formatter; resolves with the exit code instead of rejecting on failures. */
function runDclint(file: string): Promise<DclintRun> {
  return new Promise((resolve, reject) => {
    execFile(
      DCLINT,
      [file, '--formatter', 'json', '--no-color'],
      { cwd: ROOT, maxBuffer: 10 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        if (exitCode === -1) return reject(error ?? new Error('dclint did not run'));
        try {
          resolve({ exitCode, results: JSON.parse(stdout) as DclintFileResult[], stderr });
        } catch (e) {
          reject(new Error(`dclint printed no JSON (exit ${exitCode}): ${stdout}\n${stderr}\n${String(e)}`));
        }
      },
    );
  });
}

/** Lines of one top-level section (`services:`, `configs:` …) of a compose file, without the header. */
function topLevelSection(text: string, key: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l === `${key}:`);
  if (start === -1) return [];
  const end = lines.findIndex((l, i) => i > start && /^[A-Za-z0-9_.-]+:/.test(l));
  return lines.slice(start + 1, end === -1 ? undefined : end);
}

/** Keys indented by exactly two spaces inside a section: the service (or config, volume …) names. */
function childKeys(section: string[]): string[] {
  return section.flatMap((l) => {
    const m = /^ {2}([A-Za-z0-9_.-]+):\s*(&[A-Za-z0-9_-]+)?\s*(#.*)?$/.exec(l); // a key may carry a YAML anchor
    return m?.[1] ? [m[1]] : [];
  });
}

describe('docker-compose.yml (production topology)', () => {
  const text = readFileSync(COMPOSE, 'utf8');

  it('passes dclint 3.1.0 (Compose Spec schema and rules) with exit code 0 and no errors', async () => {
    const run = await runDclint(COMPOSE);
    const messages = run.results.flatMap((r) => r.messages.map((m) => `${m.line}: ${m.rule}: ${m.message}`));
    expect({
      exitCode: run.exitCode,
      errors: run.results.reduce((n, r) => n + r.errorCount, 0),
      messages,
    }).toEqual({ exitCode: 0, errors: 0, messages: [] });
    expect(run.results).toHaveLength(1);
  });

  it('declares every service of the reference topology', () => {
    const services = childKeys(topLevelSection(text, 'services'));
    expect([...services].sort()).toEqual([...REQUIRED_SERVICES].sort());
  });

  it('gives every ingest replica its own stable INGEST_REPLICA_ID (persistent Mosquitto sessions are named after it)', () => {
    const ids = [...text.matchAll(/^\s+INGEST_REPLICA_ID:\s*(\S+)\s*$/gm)].map((m) => m[1]);
    const replicas = [...childKeys(topLevelSection(text, 'services'))].filter((k) => k.startsWith('ingest-'));
    expect(ids).toHaveLength(replicas.length);
    expect(new Set(ids).size).toBe(replicas.length);
    expect(replicas.length).toBeGreaterThanOrEqual(2);
  });

  it('builds only from Dockerfiles that exist, with the repository root as context', () => {
    const dockerfiles = [...text.matchAll(/^\s+dockerfile:\s*(\S+)\s*$/gm)].map((m) => m[1] ?? '');
    const contexts = [...text.matchAll(/^\s+context:\s*(\S+)\s*$/gm)].map((m) => m[1] ?? '');
    expect(dockerfiles.sort()).toEqual([
      'apps/clinician-api/Dockerfile',
      'apps/dashboard/Dockerfile',
      'apps/ingest/Dockerfile',
    ]);
    expect(contexts).toEqual(['.', '.', '.']);
    expect(dockerfiles.filter((f) => !existsSync(join(ROOT, f)))).toEqual([]);
  });

  it('mounts configs from files that exist in the repository', () => {
    const files = topLevelSection(text, 'configs').flatMap((l) => {
      const m = /^\s+file:\s*(\S+)\s*$/.exec(l);
      return m?.[1] ? [m[1]] : [];
    });
    expect(files).toEqual([
      './apps/ingest/deploy/mosquitto/mosquitto.conf',
      './apps/ingest/deploy/mosquitto/health.acl',
    ]);
    expect(files.filter((f) => !existsSync(join(ROOT, f)))).toEqual([]);
  });

  it('takes every secret from ./secrets/ files, never from a literal value', () => {
    const secretFiles = topLevelSection(text, 'secrets').flatMap((l) => {
      const m = /^\s+file:\s*(\S+)\s*$/.exec(l);
      return m?.[1] ? [m[1]] : [];
    });
    expect(secretFiles.length).toBeGreaterThan(0);
    expect(secretFiles.filter((f) => !f.startsWith('./secrets/'))).toEqual([]);
    // A variable named like a credential must be a *_FILE pointer; no URL may embed user:password.
    // Comments may show the shape of a secret; only YAML content is checked.
    const content = text.split('\n').filter((l) => !/^\s*#/.test(l));
    const literalCredentials = content.filter(
      (l) => /^\s+[A-Z0-9_]*(PASSWORD|SECRET|TOKEN)[A-Z0-9_]*:/.test(l) && !/_FILE:/.test(l),
    );
    const urlsWithPasswords = content.filter((l) => /[a-z]+:\/\/[^\s/@]+:[^\s/@]+@/.test(l));
    expect({ literalCredentials, urlsWithPasswords }).toEqual({
      literalCredentials: [],
      urlsWithPasswords: [],
    });
  });

  it('keeps the secrets directory out of every Docker build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toContain('secrets');
    expect(ignored).toContain('**/node_modules');
  });

  it('configures Mosquitto without anonymous access on the gateway and service listeners', () => {
    const conf = readFileSync(join(ROOT, 'apps/ingest/deploy/mosquitto/mosquitto.conf'), 'utf8');
    const directives = conf.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(directives).toContain('per_listener_settings true');
    const listeners = directives
      .join('\n')
      .split(/^listener /m)
      .slice(1);
    const byPort = new Map(listeners.map((block) => [block.split(/\s/)[0], block]));
    for (const port of ['8883', '1883']) {
      expect(byPort.get(port)).toMatch(/^allow_anonymous false$/m);
      expect(byPort.get(port)).toMatch(/^password_file \/mosquitto\/auth\/passwd$/m);
      expect(byPort.get(port)).toMatch(/^acl_file \/mosquitto\/auth\/acl$/m);
    }
    expect(byPort.get('8883')).toMatch(/^certfile /m);
    expect(byPort.get('1880')).toMatch(/^1880 127\.0\.0\.1$/m);
  });

  describe('the check itself', () => {
    let dir = '';
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'openward-compose-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('fails when a service carries a key the Compose Spec does not define', async () => {
      const broken = text.replace(/^ {2}redis:\n/m, '  redis:\n    replica_count: 2\n');
      expect(broken).not.toBe(text);
      const file = join(dir, 'docker-compose.yml');
      await writeFile(file, broken);
      const run = await runDclint(file);
      expect(run.exitCode).not.toBe(0);
      expect(run.results[0]?.errorCount).toBeGreaterThan(0);
      expect(run.results[0]?.messages.map((m) => m.rule)).toContain('invalid-schema');
    });
  });
});
