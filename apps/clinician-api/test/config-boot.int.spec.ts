import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { startNode } from '@openward/testing';

/** The built entry point (test:integration depends on build). */
const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

const VALID = {
  API_JWT_SECRET: 'j'.repeat(32),
  API_SERVICE_TOKEN: 's'.repeat(32),
  API_INGEST_URL: 'http://127.0.0.1:9',
  API_INGEST_MQTT_URL: 'mqtt://127.0.0.1:9',
  API_MFA_ENCRYPTION_KEY: 'm'.repeat(32),
  API_DATA_DIR: '/nonexistent/never-opened',
  LOG_LEVEL: 'silent',
};

/** Runs `node dist/main.js` with only `env` (no inherited API_* variables); resolves with its exit and stderr. */
async function boot(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const clean = Object.fromEntries(
    Object.keys(process.env)
      .filter((k) => /^(API_|LOG_LEVEL$)/.test(k))
      .map((k) => [k, '']),
  );
  const proc = startNode('clinician-api', MAIN, [], { env: { ...clean, ...env } });
  await proc.waitForExit();
  return { code: proc.exit?.code ?? null, stderr: proc.lines.join('\n') };
}

describe('config validated at boot (built dist/main.js as a child process)', () => {
  it('has a build to run', () => {
    expect({ built: existsSync(MAIN), hint: 'npm run build -w @openward/clinician-api' }).toMatchObject({
      built: true,
    });
  });

  it.each([
    ['API_RATE_LIMIT_PER_MINUTE', 'lots'],
    ['API_JWT_SECRET', 'short'],
  ])('exits with code 2 naming a bad %s on stderr, before opening anything', async (variable, value) => {
    const { code, stderr } = await boot({ ...VALID, [variable]: value });
    expect(code).toBe(2);
    expect(stderr).toContain(`invalid configuration: ${variable} `);
  });

  it('names every bad variable at once', async () => {
    const { code, stderr } = await boot({
      ...VALID,
      API_PORT: '70000',
      API_CORS_ORIGINS: 'https://ward.example.org/path',
      API_HSTS: 'maybe',
    });
    expect(code).toBe(2);
    expect(
      stderr
        .split('\n')
        .filter((l) => l.startsWith('invalid configuration: '))
        .sort(),
    ).toEqual([
      'invalid configuration: API_CORS_ORIGINS must be a comma-separated list of origins like https://ward.example.org',
      'invalid configuration: API_HSTS must be true or false',
      'invalid configuration: API_PORT must be an integer between 0 and 65535',
    ]);
  });
});
