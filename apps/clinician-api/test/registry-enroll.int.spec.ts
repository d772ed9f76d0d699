import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { gatewayCreatedSchema } from '@openward/contracts';
import { verifySecret } from '@openward/credentials';
import { freePort, startNode } from '@openward/testing';
import { startApi, type RunningApi } from './harness.js';
import { FEED_TOKEN, json, RegistryClient } from './registry-fixtures.js';

/**
 * The real gateway `enroll` command against the real API: apps never import each other, so the gateway's
 * built CLI runs as a child process (build apps/gateway first; test:integration builds its dependencies).
 */
const CLI = fileURLToPath(new URL('../../gateway/dist/enroll-main.js', import.meta.url));
const MQTT_URL = 'mqtts://ingest.example.test:8883';

let api: RunningApi;
let c: RegistryClient;
let admin: string;
const dir = mkdtempSync(join(tmpdir(), 'ow-enroll-cli-'));

beforeAll(async () => {
  expect({ cli: CLI, built: existsSync(CLI) }).toEqual({ cli: CLI, built: true });
  api = await startApi({
    registryFeedToken: FEED_TOKEN,
    ingestMqttUrl: `mqtt://127.0.0.1:${await freePort()}`,
    publicMqttUrl: MQTT_URL,
  });
  c = new RegistryClient(api);
  ({ admin } = await RegistryClient.tokens(api));
});

afterAll(async () => {
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function runCli(args: string[]): Promise<{ code: number | null; output: string }> {
  const proc = startNode('enroll', CLI, args);
  await proc.waitForExit();
  return { code: proc.exit?.code ?? null, output: proc.lines.join('\n') };
}

describe('gateway enroll CLI against the API', () => {
  it('writes credentials the feed verifies into the environment file, and a reused code fails', async () => {
    const created = await json(
      await c.call('POST', '/api/admin/gateways', admin, { id: 'gw-cli-0001', label: 'CLI kit' }),
      201,
      gatewayCreatedSchema,
    );
    const out = join(dir, 'gateway.env');
    const first = await runCli(['--api', api.baseUrl, '--code', created.enrollment.code, '--out', out]);
    expect(first).toEqual({
      code: 0,
      output: `enrolled as gw-cli-0001; credentials written to ${out}, broker ${MQTT_URL}`,
    });
    const env = Object.fromEntries(
      readFileSync(out, 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split(/=(.*)/s).slice(0, 2)),
    ) as Record<string, string>;
    expect(env['GATEWAY_ID']).toBe('gw-cli-0001');
    expect(env['GATEWAY_MQTT_URL']).toBe(MQTT_URL);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const gw = (await c.snapshot()).gateways.find((g) => g.id === 'gw-cli-0001');
    expect(gw?.status).toBe('active');
    expect(await verifySecret(env['GATEWAY_SECRET'] ?? '', gw?.secretHash ?? '')).toBe(true);
    // The secret never reaches the terminal.
    expect(first.output).not.toContain(env['GATEWAY_SECRET']);

    const again = await runCli(['--api', api.baseUrl, '--code', created.enrollment.code, '--out', out]);
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/HTTP 410 ENROLLMENT_CODE_USED/);
  }, 60_000);
});
