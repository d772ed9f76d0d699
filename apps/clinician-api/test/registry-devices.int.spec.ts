import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  deviceAssignmentChangedSchema,
  deviceAssignmentHistorySchema,
  devicePageSchema,
  deviceWrittenSchema,
  gatewayCreatedSchema,
} from '@openward/contracts';
import { DEMO_GATEWAY_ID, freePort } from '@openward/testing';
import { Database } from '../src/database/database.js';
import { patients } from '../src/database/schema.js';
import { startApi, type RunningApi } from './harness.js';
import { expectProblem, FEED_TOKEN, json, RegistryClient } from './registry-fixtures.js';

let api: RunningApi;
let c: RegistryClient;
let admin: string;

const ADDRESS = '02:00:5e:10:00:01';
const HOUR = 3_600_000;
/** Instants relative to now, so "the assignment in force now" is well defined. */
const ago = (hours: number): string => new Date(Date.now() - hours * HOUR).toISOString();

beforeAll(async () => {
  api = await startApi({
    registryFeedToken: FEED_TOKEN,
    ingestMqttUrl: `mqtt://127.0.0.1:${await freePort()}`,
  });
  c = new RegistryClient(api);
  ({ admin } = await RegistryClient.tokens(api));
});

afterAll(async () => {
  await api?.close();
});

describe('device registration', () => {
  it('registers a device (address stored lowercase); a held long-poll shows it', async () => {
    const { version } = await c.snapshot();
    const held = c.feed(`?after=${version}&waitSeconds=30`);
    const res = await c.call('POST', '/api/admin/devices', admin, {
      address: ADDRESS.toUpperCase(),
      gatewayId: DEMO_GATEWAY_ID,
      kind: 'pulse-oximeter',
      model: 'OW-PLX',
      serial: 'SN-1',
    });
    const written = await json(res, 201, deviceWrittenSchema);
    expect(written).toMatchObject({
      device: {
        address: ADDRESS,
        gatewayId: DEMO_GATEWAY_ID,
        kind: 'pulse-oximeter',
        model: 'OW-PLX',
        serial: 'SN-1',
        manufacturer: null,
        assignment: null,
      },
      registryVersion: version + 1,
    });
    const snap = await c.snapshot(await held);
    // The feed contract is unchanged: address, gateway and kind only.
    expect(snap.devices.find((d) => d.address === ADDRESS)).toEqual({
      address: ADDRESS,
      gatewayId: DEMO_GATEWAY_ID,
      kind: 'pulse-oximeter',
    });
    const audit = await c.auditRows('registry.device.write', `devices/${ADDRESS}`);
    expect(audit.map((a) => [a.actorId, a.outcome])).toEqual([['u-admin', 'success']]);
  }, 30_000);

  it.each([
    [{ address: ADDRESS, gatewayId: DEMO_GATEWAY_ID, kind: 'thermometer' }, 409, 'DEVICE_EXISTS'],
    [
      { address: '02:00:5e:10:00:02', gatewayId: 'gw-nowhere', kind: 'thermometer' },
      422,
      'DEVICE_GATEWAY_NOT_FOUND',
    ],
    [{ address: '02-00-5e-10-00-02', gatewayId: DEMO_GATEWAY_ID, kind: 'thermometer' }, 400, 'BAD_REQUEST'],
    [{ address: '02:00:5e:10:00:02', gatewayId: DEMO_GATEWAY_ID, kind: 'toaster' }, 400, 'BAD_REQUEST'],
    [{ address: '02:00:5e:10:00:02', gatewayId: DEMO_GATEWAY_ID }, 400, 'BAD_REQUEST'],
  ])('refuses %j with %d %s', async (body, status, code) => {
    await expectProblem(await c.call('POST', '/api/admin/devices', admin, body), status, code);
  });

  it('updates model, serial, manufacturer and gateway; null clears a field; a revoked gateway is refused', async () => {
    const gw = await json(
      await c.call('POST', '/api/admin/gateways', admin, { id: 'gw-dev-kit-0001', label: 'Kit D1' }),
      201,
      gatewayCreatedSchema,
    );
    const res = await c.call('PATCH', `/api/admin/devices/${ADDRESS.toUpperCase()}`, admin, {
      gatewayId: gw.gateway.id,
      model: null,
      manufacturer: 'OpenWard Labs',
    });
    expect((await json(res, 200, deviceWrittenSchema)).device).toMatchObject({
      gatewayId: 'gw-dev-kit-0001',
      model: null,
      serial: 'SN-1',
      manufacturer: 'OpenWard Labs',
    });
    const page = await json(
      await c.call('GET', '/api/admin/devices?gatewayId=gw-dev-kit-0001', admin),
      200,
      devicePageSchema,
    );
    expect(page.items.map((d) => d.address)).toEqual([ADDRESS]);

    await c.call('POST', '/api/admin/gateways/gw-dev-kit-0001/revoke', admin);
    const back = await c.call('PATCH', `/api/admin/devices/${ADDRESS}`, admin, {
      gatewayId: DEMO_GATEWAY_ID,
    });
    expect((await json(back, 200, deviceWrittenSchema)).device.gatewayId).toBe(DEMO_GATEWAY_ID);
    await expectProblem(
      await c.call('PATCH', `/api/admin/devices/${ADDRESS}`, admin, { gatewayId: 'gw-dev-kit-0001' }),
      409,
      'GATEWAY_REVOKED',
    );
    await expectProblem(
      await c.call('POST', '/api/admin/devices', admin, {
        address: '02:00:5e:10:00:03',
        gatewayId: 'gw-dev-kit-0001',
        kind: 'thermometer',
      }),
      409,
      'GATEWAY_REVOKED',
    );
    await expectProblem(
      await c.call('PATCH', `/api/admin/devices/${ADDRESS}`, admin, {}),
      400,
      'BAD_REQUEST',
    );
    await expectProblem(
      await c.call('PATCH', '/api/admin/devices/02:00:5e:99:99:99', admin, { model: 'x' }),
      404,
      'DEVICE_NOT_FOUND',
    );
  });
});

describe('assignment over time', () => {
  const t1 = ago(72);
  const t2 = ago(48);
  const t3 = ago(24);
  const t4 = ago(1);

  it('assigns, refuses a second assignment, unassigns, and refuses an unassigned device', async () => {
    const res = await c.call('POST', `/api/admin/devices/${ADDRESS}/assign`, admin, {
      patientId: 'p-1001',
      from: t1,
    });
    expect(await json(res, 200, deviceAssignmentChangedSchema)).toMatchObject({
      deviceAddress: ADDRESS,
      assignment: { patientId: 'p-1001', from: t1, to: null },
    });
    const mine = await json(
      await c.call('GET', '/api/admin/devices?patientId=p-1001', admin),
      200,
      devicePageSchema,
    );
    expect(mine.items.find((d) => d.address === ADDRESS)?.assignment).toEqual({
      patientId: 'p-1001',
      from: t1,
      to: null,
    });
    await expectProblem(
      await c.call('POST', `/api/admin/devices/${ADDRESS}/assign`, admin, { patientId: 'p-1002' }),
      409,
      'DEVICE_ALREADY_ASSIGNED',
    );
    await expectProblem(
      await c.call('POST', `/api/admin/devices/${ADDRESS}/unassign`, admin, { to: ago(100) }),
      409,
      'ASSIGNMENT_CONFLICT',
    );
    const un = await c.call('POST', `/api/admin/devices/${ADDRESS}/unassign`, admin, { to: t2 });
    expect((await json(un, 200, deviceAssignmentChangedSchema)).assignment).toEqual({
      patientId: 'p-1001',
      from: t1,
      to: t2,
    });
    await expectProblem(
      await c.call('POST', `/api/admin/devices/${ADDRESS}/unassign`, admin, {}),
      409,
      'DEVICE_NOT_ASSIGNED',
    );
    const none = await json(
      await c.call('GET', '/api/admin/devices?patientId=p-1001', admin),
      200,
      devicePageSchema,
    );
    expect(none.items.map((d) => d.address)).not.toContain(ADDRESS);
  });

  it('refuses an overlap with the last interval, unknown or inactive patients, unknown devices', async () => {
    await expectProblem(
      await c.call('POST', `/api/admin/devices/${ADDRESS}/assign`, admin, {
        patientId: 'p-1002',
        from: ago(60),
      }),
      409,
      'ASSIGNMENT_CONFLICT',
    );
    await expectProblem(
      await c.call('POST', `/api/admin/devices/${ADDRESS}/assign`, admin, { patientId: 'p-9999', from: t3 }),
      422,
      'ASSIGNMENT_PATIENT_NOT_FOUND',
    );
    await api.app.get(Database).db.insert(patients).values({
      id: 'p-int-gone',
      displayName: 'Discharged',
      careTeamId: 'team-north',
      status: 'discharged',
    });
    await expectProblem(
      await c.call('POST', `/api/admin/devices/${ADDRESS}/assign`, admin, {
        patientId: 'p-int-gone',
        from: t3,
      }),
      422,
      'ASSIGNMENT_PATIENT_INACTIVE',
    );
    await expectProblem(
      await c.call('POST', '/api/admin/devices/02:00:5e:99:99:99/assign', admin, { patientId: 'p-1002' }),
      404,
      'DEVICE_NOT_FOUND',
    );
    await expectProblem(
      await c.call('POST', `/api/admin/devices/${ADDRESS}/assign`, admin, {
        patientId: 'p-1002',
        from: 'monday',
      }),
      400,
      'BAD_REQUEST',
    );
  });

  it('keeps the whole history, oldest first, and the feed carries the same intervals', async () => {
    await json(
      await c.call('POST', `/api/admin/devices/${ADDRESS}/assign`, admin, { patientId: 'p-1002', from: t3 }),
      200,
      deviceAssignmentChangedSchema,
    );
    const { version } = await c.snapshot();
    const held = c.feed(`?after=${version}&waitSeconds=30`);
    const re = await c.call('POST', `/api/admin/devices/${ADDRESS}/reassign`, admin, {
      patientId: 'p-1003',
      from: t4,
    });
    expect(await re.json()).toEqual({
      deviceAddress: ADDRESS,
      patientId: 'p-1003',
      from: t4,
      previous: { patientId: 'p-1002', to: t4 },
      registryVersion: version + 1,
    });
    const expected = [
      { patientId: 'p-1001', from: t1, to: t2 },
      { patientId: 'p-1002', from: t3, to: t4 },
      { patientId: 'p-1003', from: t4, to: null },
    ];
    const history = await json(
      await c.call('GET', `/api/admin/devices/${ADDRESS}/assignments`, admin),
      200,
      deviceAssignmentHistorySchema,
    );
    expect(history).toEqual({ deviceAddress: ADDRESS, items: expected });
    const snap = await c.snapshot(await held);
    expect(
      snap.assignments
        .filter((a) => a.deviceAddress === ADDRESS)
        .map(({ patientId, from, to }) => ({ patientId, from, to })),
    ).toEqual(expected);
    await expectProblem(
      await c.call('GET', '/api/admin/devices/02:00:5e:99:99:99/assignments', admin),
      404,
      'DEVICE_NOT_FOUND',
    );
  }, 30_000);

  it('audits each assignment change with the patient it concerns', async () => {
    const resource = `devices/${ADDRESS}/assignments`;
    const rows = [
      ...(await c.auditRows('registry.device.assign', resource)),
      ...(await c.auditRows('registry.device.unassign', resource)),
      ...(await c.auditRows('registry.device.reassign', resource)),
    ].filter((r) => r.outcome === 'success');
    expect(rows.map((r) => [r.action, r.patientId]).sort()).toEqual(
      [
        ['registry.device.assign', 'p-1001'],
        ['registry.device.assign', 'p-1002'],
        ['registry.device.unassign', 'p-1001'],
        ['registry.device.reassign', 'p-1003'],
      ].sort(),
    );
    const reassign = rows.find((r) => r.action === 'registry.device.reassign');
    expect(reassign?.detail).toEqual({ previousPatientId: 'p-1002' });
  });
});
