import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import { latestVitalsResponseSchema } from '@openward/contracts';
import { connectLive, getJson, heartRateOf, login, nextVital, simAuto, subscribe } from '../clients.js';
import type { Stack } from '../stack.js';
import { demoDevice, demoStaff, notifyWhenSubscribed, startTestStack } from './helpers.js';

const nurse = demoStaff('nurse');
const ada = demoDevice('p-1001');

describe('one reading travels the whole real path: sim → gateway → MQTT → ingest → DuckDB → API → socket.io', () => {
  let stack: Stack;
  let dispose: () => Promise<void>;
  let token: string;
  let socket: Socket;

  beforeAll(async () => {
    ({ stack, dispose } = await startTestStack());
    token = (await login(stack.apiUrl, nurse.username, nurse.password)).accessToken;
    socket = await connectLive(stack.apiUrl, token);
  }, 180_000);

  afterAll(async () => {
    socket?.close();
    await dispose?.();
  }, 60_000);

  it('delivers each simulated notification to a subscribed socket.io client with the same heart rate', async () => {
    expect(await subscribe(socket, ada.patientId)).toEqual({ ok: true });
    await simAuto(stack.simControlUrl, ada.address, false);
    for (const bpm of [123, 97, 141]) {
      const received = nextVital(
        socket,
        (v) => v.patientId === ada.patientId && heartRateOf(v) === bpm,
        15_000,
      );
      const emittedAt = await notifyWhenSubscribed(stack, ada.address, bpm);
      const vital = await received;
      expect(vital.deviceAddress).toBe(ada.address);
      expect(vital.characteristic).toBe('2A37');
      expect(vital.measurements).toContainEqual({ metric: 'heart-rate', value: bpm, unit: '/min' });
      expect(Date.parse(vital.storedAt)).toBeGreaterThanOrEqual(Date.parse(vital.receivedAt));
      expect(Date.now() - emittedAt).toBeLessThan(15_000);
    }
  }, 90_000);

  it('serves the stored value as the latest vital over REST, from ingest', async () => {
    const { status, body } = await getJson(
      `${stack.apiUrl}/api/patients/${ada.patientId}/vitals/latest`,
      token,
    );
    expect(status).toBe(200);
    const latest = latestVitalsResponseSchema.parse(body);
    expect(latest.vitals.find((v) => v.metric === 'heart-rate')).toMatchObject({ value: 141, unit: '/min' });
  });

  it("keeps a nurse out of another care team's patient, on REST and on the live socket", async () => {
    const other = demoDevice('p-1003');
    expect(await subscribe(socket, other.patientId)).toEqual({ ok: false, code: 'FORBIDDEN' });
    const { status } = await getJson(`${stack.apiUrl}/api/patients/${other.patientId}/vitals/latest`, token);
    expect(status).toBe(403);
  });

  it('refuses a live socket with a forged token', async () => {
    const forged = `${token.slice(0, -4)}AAAA`;
    await expect(connectLive(stack.apiUrl, forged)).rejects.toBeTruthy();
  });
});
