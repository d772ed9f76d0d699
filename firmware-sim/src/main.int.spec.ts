// Integration: the built process (dist/main.js) as `npm start` runs it. Build first:
// `npx tsc -p tsconfig.build.json` (the Nx `test:integration` target depends on `build`).
import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeCharacteristic } from '@openward/ble-codecs';
import { fromHex } from '@openward/sim-radio';
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

  it('serves a configured world of other kinds and runs its measurement schedule on accelerated time', async () => {
    const thermometer = 'c0:ff:ee:00:50:01';
    const meter = 'c0:ff:ee:00:50:02';
    const p = start({
      // 600 simulated seconds per real second: a measurement every simulated minute = every 0.1 s.
      SIM_TIME_SCALE: '600',
      SIM_DEVICES: JSON.stringify([
        {
          address: thermometer,
          kind: 'thermometer',
          localName: 'OW-THM',
          measureIntervalSeconds: 60,
          scenario: 'fever',
        },
        {
          address: meter,
          kind: 'glucose-meter',
          localName: 'OW-GLU',
          storedRecords: 2,
          measureIntervalSeconds: 0,
        },
      ]),
    });
    const ready = JSON.parse(await p.waitForLine(/"msg":"ready"/)) as {
      radioPort: number;
      timeScale: number;
    };
    expect(ready.timeScale).toBe(600);
    const central = await RadioTestClient.open(ready.radioPort);
    await central.request({ op: 'connect', address: thermometer });
    await central.request({
      op: 'subscribe',
      address: thermometer,
      service: '1809',
      characteristic: '2a1c',
      on: true,
    });
    const first = await central.waitForEvent((e) => e.ev === 'notification' && e.characteristic === '2a1c');
    const second = await central.waitForEvent(
      (e) => e.ev === 'notification' && e.characteristic === '2a1c',
      5000,
      central.events.indexOf(first) + 1,
    );
    for (const e of [first, second]) {
      const t = e.ev === 'notification' ? decodeCharacteristic('2A1C', fromHex(e.data)) : undefined;
      expect(t?.ok && t.value.temperatureMeasurementValue).toMatchObject({ kind: 'number' });
      const celsius =
        t?.ok && t.value.temperatureMeasurementValue.kind === 'number'
          ? t.value.temperatureMeasurementValue.value
          : 0;
      expect(celsius).toBeGreaterThanOrEqual(38.5);
    }
    // The glucose meter answers RACP "number of stored records".
    await central.request({ op: 'connect', address: meter });
    await central.request({
      op: 'subscribe',
      address: meter,
      service: '1808',
      characteristic: '2a52',
      on: true,
    });
    await central.request({
      op: 'write',
      address: meter,
      service: '1808',
      characteristic: '2a52',
      data: '0401',
      withoutResponse: false,
    });
    const count = await central.waitForEvent((e) => e.ev === 'notification' && e.characteristic === '2a52');
    expect(count.ev === 'notification' && decodeCharacteristic('2A52', fromHex(count.data))).toEqual({
      ok: true,
      value: { opCode: 'number-of-stored-records-response', operator: 'null', numberOfRecords: 2 },
    });
    await central.close();
    await p.stop('SIGTERM');
    expect(p.exit).toEqual({ code: 0, signal: null });
  });

  it.each([
    [{ SIM_CONTROL_PORT: 'eighty' }, 'SIM_CONTROL_PORT'],
    [{ SIM_TIME_SCALE: 'fast' }, 'SIM_TIME_SCALE'],
    [{ SIM_DEVICES: '[{"address":"aa:bb:cc:dd:ee:01","localName":"x","kind":"toaster"}]' }, 'SIM_DEVICES'],
  ])('exits 2 naming the variable when the configuration is invalid (%p)', async (env, variable) => {
    const p = start(env);
    await p.waitForExit();
    expect(p.exit?.code).toBe(2);
    expect(p.lines.join('\n')).toContain(variable);
  });

  it('exits 0 on SIGINT too', async () => {
    const p = start({});
    await p.waitForLine(/"msg":"ready"/);
    await p.stop('SIGINT');
    expect(p.exit).toEqual({ code: 0, signal: null });
  });
});
