// Integration: the built process (dist/main.js) as `npm start` runs it. Build first:
// `npx tsc -p tsconfig.build.json` (the Nx `test:integration` target depends on `build`).
import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_DEVICES, startNode, type ManagedProcess } from '@openward/testing';
import { RadioTestClient } from '../test/radio-client.js';

const mainJs = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'main.js');
const started: ManagedProcess[] = [];

function start(env: Record<string, string>): ManagedProcess {
  if (!existsSync(mainJs))
    throw new Error(`${mainJs} is missing: run \`npx tsc -p tsconfig.build.json\` first`);
  const p = startNode('firmware-sim', mainJs, [], { env });
  started.push(p);
  return p;
}

afterAll(async () => {
  await Promise.all(started.map((p) => p.stop('SIGKILL', 0)));
});

describe('dist/main.js', () => {
  it('logs the ready line with both ports, serves the demo devices, and exits 0 on SIGTERM', async () => {
    const p = start({
      SIM_RADIO_PORT: '0',
      SIM_CONTROL_PORT: '0',
      LOG_LEVEL: 'debug',
      SIM_NOTIFY_INTERVAL_MS: '100',
    });
    const ready = JSON.parse(await p.waitForLine(/"msg":"ready"/)) as {
      radioPort: number;
      controlPort: number;
    };
    expect(ready.radioPort).toBeGreaterThan(0);
    expect(ready.controlPort).toBeGreaterThan(0);

    const devices = (await (await fetch(`http://127.0.0.1:${ready.controlPort}/devices`)).json()) as Array<{
      address: string;
    }>;
    expect(devices.map((d) => d.address)).toEqual(DEMO_DEVICES.map((d) => d.address));

    // A notification emitted on request is logged at debug level with the same hex.
    const address = DEMO_DEVICES[0]?.address ?? '';
    const central = await RadioTestClient.open(ready.radioPort);
    await central.request({ op: 'connect', address });
    await central.request({ op: 'subscribe', address, service: '180d', characteristic: '2a37', on: true });
    const res = await fetch(`http://127.0.0.1:${ready.controlPort}/devices/${address}/notify`, {
      method: 'POST',
      body: JSON.stringify({ heartRate: 77 }),
    });
    const { hex } = (await res.json()) as { hex: string };
    expect(hex).toBe('064d');
    const logged = JSON.parse(
      await p.waitForLine((l) => l.includes('"msg":"notify"') && l.includes(`"hex":"${hex}"`)),
    );
    expect(logged).toMatchObject({ msg: 'notify', address, heartRate: 77, hex });
    await central.close();

    await p.stop('SIGTERM');
    expect(p.exit).toEqual({ code: 0, signal: null });
  });

  it('exits 2 naming the variable when the configuration is invalid', async () => {
    const p = start({ SIM_CONTROL_PORT: 'eighty' });
    await p.waitForExit();
    expect(p.exit?.code).toBe(2);
    expect(p.lines.join('\n')).toContain('SIM_CONTROL_PORT');
  });

  it('exits 0 on SIGINT too', async () => {
    const p = start({});
    await p.waitForLine(/"msg":"ready"/);
    await p.stop('SIGINT');
    expect(p.exit).toEqual({ code: 0, signal: null });
  });
});
