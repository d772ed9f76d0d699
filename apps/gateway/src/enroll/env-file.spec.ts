import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { parseConfig } from '../config.js';
import { checkWritable, ENV_FILE_MODE, mergeEnvFile, readEnvFile, writeFileAtomic } from './env-file.js';

const EXAMPLE = readFileSync(new URL('../../deploy/gateway.env.example', import.meta.url), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'ow-gw-enroll-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The environment systemd would build from the file (KEY=value lines; comments and blanks ignored). */
function envOf(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    if (m?.[1] !== undefined && m[2] !== undefined) env[m[1]] = m[2];
  }
  return env;
}

describe('mergeEnvFile', () => {
  const creds = { GATEWAY_ID: 'gw-kit-0042', GATEWAY_SECRET: 'AbC_d-0123456789abcdefghijklmnopqrstuvwxyz0' };

  it('replaces the keys of the example file in place and keeps every other line', () => {
    const merged = mergeEnvFile(EXAMPLE, { ...creds, GATEWAY_MQTT_URL: 'mqtts://broker.example.org:8883' });
    const before = EXAMPLE.split('\n');
    const after = merged.split('\n');
    expect(after).toHaveLength(before.length);
    expect(after.filter((l, i) => l !== before[i])).toEqual([
      'GATEWAY_ID=gw-kit-0042',
      `GATEWAY_SECRET=${creds.GATEWAY_SECRET}`,
      'GATEWAY_MQTT_URL=mqtts://broker.example.org:8883',
    ]);
  });

  it('gives the gateway a configuration it accepts', () => {
    const env = envOf(mergeEnvFile(EXAMPLE, creds));
    const r = parseConfig({ ...env, GATEWAY_BLE_BINDING: 'sim', GATEWAY_SIM_RADIO: '127.0.0.1:1' });
    expect(r.ok && [r.config.gatewayId, r.config.gatewaySecret]).toEqual([
      creds.GATEWAY_ID,
      creds.GATEWAY_SECRET,
    ]);
  });

  it('appends missing keys, drops later duplicates, and starts a missing file', () => {
    expect(
      mergeEnvFile('LOG_LEVEL=info\nGATEWAY_ID=old\n# note\nGATEWAY_ID=older', {
        GATEWAY_ID: 'gw-a1',
        GATEWAY_SECRET: 's',
      }),
    ).toBe('LOG_LEVEL=info\nGATEWAY_ID=gw-a1\n# note\nGATEWAY_SECRET=s\n');
    expect(mergeEnvFile(null, { GATEWAY_ID: 'gw-a1' })).toBe('GATEWAY_ID=gw-a1\n');
    expect(mergeEnvFile('export GATEWAY_ID=x\n', { GATEWAY_ID: 'gw-a1' })).toBe('GATEWAY_ID=gw-a1\n');
  });

  it.each(['has space', 'quo"te', "quo'te", 'back\\slash', 'dol$lar', 'ha#sh', 'new\nline', ''])(
    'refuses a value an environment file would alter: %j',
    (value) => {
      expect(() => mergeEnvFile(null, { GATEWAY_SECRET: value })).toThrow(RangeError);
    },
  );
});

describe('writeFileAtomic', () => {
  it('writes the file with mode 0600 and leaves no temporary file behind', async () => {
    const file = join(dir, 'gateway.env');
    await writeFileAtomic(file, 'GATEWAY_ID=gw-a1\n');
    expect(readFileSync(file, 'utf8')).toBe('GATEWAY_ID=gw-a1\n');
    expect(statSync(file).mode & 0o777).toBe(ENV_FILE_MODE);
    expect(readdirSync(dir)).toEqual(['gateway.env']);
  });

  it('replaces an existing, more open file with a 0600 one', async () => {
    const file = join(dir, 'open.env');
    writeFileSync(file, 'OLD=1\n', { mode: 0o644 });
    await writeFileAtomic(file, 'NEW=1\n');
    expect(await readEnvFile(file)).toBe('NEW=1\n');
    expect(statSync(file).mode & 0o777).toBe(ENV_FILE_MODE);
  });

  it('fails, leaving nothing behind, when the directory does not exist', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'gateway.env'), 'X=1\n')).rejects.toMatchObject({
      code: 'ENOENT',
    });
    await expect(checkWritable(join(dir, 'missing', 'gateway.env'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });

  it('reads a missing file as null', async () => {
    expect(await readEnvFile(join(dir, 'nope.env'))).toBeNull();
  });
});
