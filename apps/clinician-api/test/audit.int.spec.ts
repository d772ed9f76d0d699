import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { problemSchema } from '@openward/contracts';
import { freePort } from '@openward/testing';
import { and, eq, sql } from 'drizzle-orm';
import { AuditPort } from '../src/audit/audit.port.js';
import { AuditRetentionJob } from '../src/audit/audit-retention.service.js';
import { Database, type Db } from '../src/database/database.js';
import { auditAnchors, auditChainHead, auditEvents, patients } from '../src/database/schema.js';
import {
  adminGet,
  allRows,
  cliEnv,
  listPage,
  markedRead,
  markersInDb,
  metricSample,
  runVerifyCli,
  tamper,
  verifyViaApi,
} from './audit-tools.js';
import { login, startApi, type RunningApi } from './harness.js';

const DAY_MS = 86_400_000;

async function start(overrides: Parameters<typeof startApi>[0] = {}): Promise<RunningApi> {
  return startApi({ ingestMqttUrl: `mqtt://127.0.0.1:${await freePort()}`, ...overrides });
}

function dbOf(api: RunningApi): Db {
  return api.app.get(Database).db;
}

describe('audit trail through the real app', () => {
  let api: RunningApi;
  let admin: string;
  let closed = false;

  beforeAll(async () => {
    api = await start();
    admin = (await login(api.baseUrl, 'admin', 'admin-demo-pass')).accessToken;
  });

  afterAll(async () => {
    if (!closed) await api?.close();
    else await rm(api.dir, { recursive: true, force: true });
  });

  it('chains the rows that requests write, in id order from the genesis hash, and verifies OK', async () => {
    for (const n of [1, 2, 3]) expect((await markedRead(api.baseUrl, admin, `chain-${n}`)).status).toBe(200);
    const rows = await allRows(dbOf(api));
    expect(rows.length).toBeGreaterThanOrEqual(4); // the admin's sign-in and three reads
    expect(rows[0]?.prevHash).toBe('0'.repeat(64));
    rows.forEach((r, i) => {
      expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
      if (i > 0) expect(r.prevHash).toBe(rows[i - 1]?.hash);
    });
    const marked = rows.filter((r) => String(r.detail?.['actorId'] ?? '').startsWith('chain-'));
    expect(marked.map((r) => [r.action, r.actorId, r.detail?.['actorId']])).toEqual([
      ['audit.read', 'u-admin', 'chain-1'],
      ['audit.read', 'u-admin', 'chain-2'],
      ['audit.read', 'u-admin', 'chain-3'],
    ]);
    const [head] = await dbOf(api).select().from(auditChainHead);
    const last = rows[rows.length - 1];
    expect(head).toMatchObject({ lastId: last?.id, lastHash: last?.hash });

    const result = await verifyViaApi(api.baseUrl, admin);
    expect(result).toMatchObject({
      ok: true,
      broken: null,
      anchor: null,
      headId: last?.id,
      headHash: last?.hash,
    });
    expect(result.checkedRows).toBe(rows.length);
    const [verifyRow] = await dbOf(api)
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'audit.verify'), eq(auditEvents.actorId, 'u-admin')));
    expect(verifyRow?.detail).toMatchObject({ ok: true, checkedRows: rows.length, brokenId: null });
  });

  it('lists newest first with filters and keyset paging, and audits each read', async () => {
    const first = await listPage(api.baseUrl, admin, 'action=audit.read&actorId=u-admin&limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.items[0]?.id).toBeGreaterThan(first.items[1]?.id ?? Infinity);
    expect(first.nextCursor).toBe(String(first.items[1]?.id));
    const second = await listPage(
      api.baseUrl,
      admin,
      `action=audit.read&actorId=u-admin&limit=2&cursor=${first.nextCursor}`,
    );
    expect(second.items.every((r) => r.id < Number(first.nextCursor) && r.action === 'audit.read')).toBe(
      true,
    );
    const future = await listPage(api.baseUrl, admin, `from=${new Date(Date.now() + DAY_MS).toISOString()}`);
    expect(future).toEqual({ items: [], nextCursor: null });
    // The newest audit.read row is the previous call's (a call is audited after its query ran).
    const mine = await listPage(api.baseUrl, admin, 'action=audit.read&limit=1');
    expect(mine.items[0]).toMatchObject({
      actorId: 'u-admin',
      actorRole: 'admin',
      outcome: 'success',
      resource: 'audit_events',
      patientId: null,
    });
    expect(mine.items[0]?.detail).toMatchObject({ from: expect.any(String), returned: 0 });
    await listPage(api.baseUrl, admin, 'patientId=p-1001&limit=3');
    const byPatient = await listPage(api.baseUrl, admin, 'action=audit.read&limit=1');
    expect(byPatient.items[0]).toMatchObject({ patientId: 'p-1001', detail: { limit: '3' } });
  });

  it('answers 400 for a bad filter and 403 for a nurse', async () => {
    for (const q of [
      'limit=0',
      'limit=1001',
      'cursor=abc',
      'from=yesterday',
      'action=made.up',
      'unknown=1',
    ]) {
      const res = await adminGet(api.baseUrl, admin, `/api/admin/audit?${q}`);
      expect({ q, status: res.status }).toEqual({ q, status: 400 });
    }
    const nurse = (await login(api.baseUrl, 'nurse', 'nurse-demo-pass')).accessToken;
    const res = await adminGet(api.baseUrl, nurse, '/api/admin/audit/verify');
    expect(problemSchema.parse(await res.json())).toMatchObject({ status: 403, code: 'ROLE_FORBIDDEN' });
  });

  it('exports a FHIR R4 searchset Bundle of AuditEvent as application/fhir+json, and audits the export', async () => {
    const res = await adminGet(api.baseUrl, admin, '/api/admin/audit/export?action=audit.read&limit=2');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    const bundle = (await res.json()) as {
      resourceType: string;
      type: string;
      link: { relation: string; url: string }[];
      entry: { resource: Record<string, unknown>; search: { mode: string } }[];
    };
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    expect(bundle.entry).toHaveLength(2);
    expect(bundle.link.map((l) => l.relation)).toEqual(['self', 'next']);
    expect(bundle.link[1]?.url).toMatch(
      /^\/api\/admin\/audit\/export\?action=audit.read&limit=2&cursor=\d+$/,
    );
    const event = bundle.entry[0]?.resource;
    expect(event).toMatchObject({
      resourceType: 'AuditEvent',
      type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110101' },
      subtype: [{ system: 'https://openward.dev/fhir/CodeSystem/audit-action', code: 'audit.read' }],
      action: 'R',
      outcome: '0',
      agent: [{ requestor: true, who: { identifier: { value: 'u-admin' } }, network: { type: '2' } }],
      source: { observer: { type: 'Device' } },
    });
    expect(bundle.entry[0]?.search.mode).toBe('match');
    const exports = await listPage(api.baseUrl, admin, 'action=audit.export');
    expect(exports.items[0]?.detail).toMatchObject({ action: 'audit.read', limit: '2', returned: 2 });
  });

  it('refuses UPDATE and plain DELETE of audit rows (append-only trigger)', async () => {
    const db = dbOf(api);
    await expect(db.update(auditEvents).set({ outcome: 'denied' })).rejects.toThrow();
    await expect(db.delete(auditEvents)).rejects.toThrow();
    expect((await verifyViaApi(api.baseUrl, admin)).ok).toBe(true);
  });

  it('names the edited row (hash-mismatch), then the row after a deleted one, in the endpoint and the CLI', async () => {
    const db = dbOf(api);
    for (const n of [1, 2, 3]) expect((await markedRead(api.baseUrl, admin, `tamper-${n}`)).status).toBe(200);
    const marked = (await allRows(db)).filter((r) =>
      String(r.detail?.['actorId'] ?? '').startsWith('tamper-'),
    );
    const [a, b, c] = marked;
    if (!a || !b || !c) throw new Error('marked rows missing');

    await tamper(db, sql`update audit_events set outcome = 'denied' where id = ${b.id}`);
    const edited = await verifyViaApi(api.baseUrl, admin);
    expect(edited).toMatchObject({
      ok: false,
      broken: { id: b.id, reason: 'hash-mismatch', lastGoodId: a.id },
    });

    await tamper(db, sql`update audit_events set outcome = 'success' where id = ${b.id}`);
    expect((await verifyViaApi(api.baseUrl, admin)).ok).toBe(true);

    await tamper(db, sql`delete from audit_events where id = ${b.id}`);
    const deleted = await verifyViaApi(api.baseUrl, admin);
    expect(deleted).toMatchObject({
      ok: false,
      broken: { id: c.id, reason: 'prev-hash-mismatch', lastGoodId: a.id },
    });

    // The CLI reads the same store (PGlite is single-process: stop the API first).
    await api.app.close();
    closed = true;
    const cli = await runVerifyCli(cliEnv(api.config));
    expect(cli.code).toBe(1);
    expect(cli.stdout.trim().split('\n')).toHaveLength(1);
    expect(cli.stdout).toContain(
      `audit chain BROKEN at id ${c.id}: prev-hash-mismatch (last good id ${a.id},`,
    );
  });
});

describe('audit retention', () => {
  let api: RunningApi;
  let admin: string;
  let writer: AuditPort;

  beforeAll(async () => {
    api = await start({ auditRetentionDays: 1 });
    admin = (await login(api.baseUrl, 'admin', 'admin-demo-pass')).accessToken;
    writer = api.app.get(AuditPort);
  });

  afterAll(async () => {
    await api?.close();
  });

  const note = (resource: string, patientId: string | null = null): Promise<void> =>
    writer.record({
      actorId: 'u-nurse',
      actorRole: 'nurse',
      patientId,
      action: 'patient.read',
      resource,
      outcome: 'allowed',
      sourceIp: '127.0.0.1',
    });

  it('cuts the old prefix, writes its anchor and audit.retention row atomically, and the chain still verifies', async () => {
    const db = dbOf(api);
    await note('old-1');
    await note('old-2', 'p-1002');
    await note('old-3');
    const old3At = (await allRows(db)).find((r) => r.resource === 'old-3')?.at.getTime() ?? 0;
    // The next row must be recorded in a later millisecond than old-3 (the cutoff falls between them).
    while (Date.now() <= old3At) await new Promise<void>((resolve) => setImmediate(resolve));
    await note('new-1');
    const cutoff = old3At + 1;
    const now = new Date(cutoff + DAY_MS); // retention 1 day → rows recorded before `cutoff` are due
    const rowsBefore = await allRows(db);
    const old3 = rowsBefore.find((r) => r.resource === 'old-3');
    const firstHeld = rowsBefore.findIndex((r) => r.patientId === 'p-1002');
    const heldThrough = rowsBefore[firstHeld - 1];
    if (!old3 || !heldThrough) throw new Error('rows missing');

    // A legal hold on p-1002 keeps its rows and everything after them.
    await db.update(patients).set({ legalHold: true }).where(eq(patients.id, 'p-1002'));
    const job = api.app.get(AuditRetentionJob);
    const held = await job.run(null, now);
    expect(held).toMatchObject({ outcome: 'cut', throughId: heldThrough.id });
    await db.update(patients).set({ legalHold: false }).where(eq(patients.id, 'p-1002'));

    const cut = await job.run(null, now);
    expect(cut).toMatchObject({ outcome: 'cut', throughId: old3.id, broken: null });
    const kept = await allRows(db);
    expect(kept.some((r) => r.id <= old3.id)).toBe(false);
    expect(kept.map((r) => r.resource)).toContain('new-1');
    const anchors = await db.select().from(auditAnchors);
    expect(anchors.map((a) => [a.throughId, a.throughHash])).toEqual([
      [heldThrough.id, heldThrough.hash],
      [old3.id, old3.hash],
    ]);
    expect(cut.deletedRows).toBe(rowsBefore.filter((r) => r.id > heldThrough.id && r.id <= old3.id).length);
    const retentionRows = kept.filter((r) => r.action === 'audit.retention');
    expect(retentionRows.map((r) => r.detail?.['throughId'])).toEqual([heldThrough.id, old3.id]);

    const ok = await verifyViaApi(api.baseUrl, admin);
    expect(ok).toMatchObject({ ok: true, anchor: { throughId: old3.id, throughHash: old3.hash } });

    // Tampering after the cut is still found.
    const newRow = kept.find((r) => r.resource === 'new-1');
    if (!newRow) throw new Error('new row missing');
    await tamper(db, sql`update audit_events set resource = 'new-x' where id = ${newRow.id}`);
    expect(await verifyViaApi(api.baseUrl, admin)).toMatchObject({
      ok: false,
      broken: { id: newRow.id, reason: 'hash-mismatch' },
    });
    // …and a cut never deletes rows that do not verify.
    const refused = await job.run(null, new Date(Date.now() + 3 * DAY_MS));
    expect(refused).toMatchObject({ outcome: 'refused', deletedRows: 0, broken: { id: newRow.id } });
    expect((await allRows(db)).some((r) => r.id === newRow.id)).toBe(true);
    await tamper(db, sql`update audit_events set resource = 'new-1' where id = ${newRow.id}`);
    expect((await verifyViaApi(api.baseUrl, admin)).ok).toBe(true);
  });

  it('lets an admin run retention now (audited even when nothing is due)', async () => {
    const res = await fetch(`${api.baseUrl}/api/admin/audit/retention`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: 'nothing-to-cut', deletedRows: 0, throughId: null });
    const page = await listPage(api.baseUrl, admin, 'action=audit.retention&actorId=u-admin');
    expect(page.items[0]).toMatchObject({ outcome: 'success', detail: { deletedRows: 0 } });
  });
});

describe('audit writer under load', () => {
  let api: RunningApi;
  let admin: string;

  beforeAll(async () => {
    api = await start();
    admin = (await login(api.baseUrl, 'admin', 'admin-demo-pass')).accessToken;
  });

  afterAll(async () => {
    await api?.close();
  });

  it('commits 200 parallel audited requests as 200 chained rows that verify', async () => {
    const metrics = async (): Promise<string> => (await fetch(`${api.baseUrl}/api/metrics`)).text();
    const before = await metrics();
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => markedRead(api.baseUrl, admin, `par-${i}`)),
    );
    expect(responses.map((r) => r.status)).toEqual(Array.from({ length: 200 }, () => 200));
    const markers = await markersInDb(dbOf(api), 'par-');
    expect(markers.size).toBe(200);
    expect((await verifyViaApi(api.baseUrl, admin)).ok).toBe(true);
    const after = await metrics();
    const delta = (s: string): number => metricSample(after, s) - metricSample(before, s);
    expect(delta('openward_api_audit_batch_size_sum')).toBeGreaterThanOrEqual(200);
    // Each committed batch is observed once (batching itself is proven in audit-writer.spec.ts: on PGlite the
    // single connection serialises requests, so batches form mostly on PostgreSQL).
    expect(delta('openward_api_audit_batch_size_count')).toBeGreaterThanOrEqual(1);
    expect(metricSample(after, 'openward_api_audit_queue_depth')).toBe(0);
  });
});

describe('audit writer fails closed', () => {
  let api: RunningApi;
  let admin: string;

  beforeAll(async () => {
    api = await start({ auditQueueMax: 1 });
    admin = (await login(api.baseUrl, 'admin', 'admin-demo-pass')).accessToken;
  });

  afterAll(async () => {
    await api?.close();
  });

  it('answers 503 AUDIT_UNAVAILABLE when the queue is full, and serves only audited requests', async () => {
    const writer = api.app.get(AuditPort);
    const entry = {
      actorId: null,
      actorRole: null,
      patientId: null,
      action: 'auth.login',
      resource: 'auth/login',
      outcome: 'failure',
      sourceIp: null,
    } as const;
    // Same tick: the first waits in the queue (max 1), the second is refused at once.
    const results = await Promise.allSettled([writer.record(entry), writer.record(entry)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);

    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => markedRead(api.baseUrl, admin, `full-${i}`)),
    );
    const served = new Set<string>();
    for (const [i, res] of responses.entries()) {
      if (res.status === 200) served.add(`full-${i}`);
      else
        expect(problemSchema.parse(await res.json())).toMatchObject({
          status: 503,
          code: 'AUDIT_UNAVAILABLE',
        });
    }
    const inDb = await markersInDb(dbOf(api), 'full-');
    expect([...served].filter((m) => !inDb.has(m))).toEqual([]);
    const text = await (await fetch(`${api.baseUrl}/api/metrics`)).text();
    expect(metricSample(text, 'openward_api_audit_write_failures_total{reason="queue-full"}')).toBe(
      1 + (40 - served.size),
    );
    expect((await verifyViaApi(api.baseUrl, admin)).ok).toBe(true);
  });
});
