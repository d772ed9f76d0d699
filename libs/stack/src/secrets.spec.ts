import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { loadOrCreateSecrets } from './stack.js';

const dirs: string[] = [];
const fresh = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'ow-secrets-'));
  dirs.push(d);
  return d;
};

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('loadOrCreateSecrets', () => {
  it('creates four distinct 256-bit secrets in a 0600 secrets.json and returns the same ones next time', () => {
    const dir = fresh();
    const s = loadOrCreateSecrets(dir);
    const values = [s.serviceToken, s.jwtSecret, s.gatewaySecret, s.registryFeedToken];
    expect(new Set(values).size).toBe(4);
    for (const v of values) expect(v).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSecrets(dir)).toEqual(s);
  });

  it('adds a registryFeedToken to a secrets.json written before it existed, keeping the other values', () => {
    const dir = fresh();
    const old = { serviceToken: 'svc-old', jwtSecret: 'jwt-old', gatewaySecret: 'gw-old' };
    writeFileSync(join(dir, 'secrets.json'), JSON.stringify(old), { mode: 0o644 });
    const s = loadOrCreateSecrets(dir);
    expect(s).toMatchObject(old);
    expect(s.registryFeedToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8'))).toEqual(s);
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSecrets(dir).registryFeedToken).toBe(s.registryFeedToken);
  });
});
