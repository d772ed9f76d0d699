import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { problemSchema } from '@openward/contracts';
import type { Bundle, Consent, DocumentReference } from '@openward/fhir';
import { DEMO_PATIENT_USERS, freePort } from '@openward/testing';
import { and, eq } from 'drizzle-orm';
import { Database } from '../src/database/database.js';
import { auditEvents, consents, notes } from '../src/database/schema.js';
import { adaHistory } from './fhir-fixtures.js';
import { IngestStandIn, login, startApi, type RunningApi } from './harness.js';

/** GDPR export `GET /api/patients/:id/export`: the whole record as one FHIR collection Bundle. */

const SERVICE_TOKEN = 'export-int-service-token-0123456789abcdef';

let api: RunningApi;
let ingest: IngestStandIn;
let nurse: string;
let patient: string;
const noteIds = [`n-${randomUUID()}`, `n-${randomUUID()}`];
const consentId = `c-${randomUUID()}`;

beforeAll(async () => {
  ingest = new IngestStandIn(SERVICE_TOKEN);
  await ingest.start();
  ingest.history.set('p-1001', adaHistory());
  api = await startApi({
    ingestUrl: ingest.url,
    serviceToken: SERVICE_TOKEN,
    ingestMqttUrl: `mqtt://127.0.0.1:${await freePort()}`,
  });
  nurse = (await login(api.baseUrl, 'nurse', 'nurse-demo-pass')).accessToken;
  const p = DEMO_PATIENT_USERS[0];
  patient = (await login(api.baseUrl, p.username, p.password)).accessToken;
  // Notes and consents are written by their own features; the export only reads the tables.
  const db = api.app.get(Database).db;
  await db.insert(notes).values([
    {
      id: noteIds[0]!,
      patientId: 'p-1001',
      authorId: 'u-nurse',
      kind: 'call',
      body: 'Called: feels well, BP cuff fits.',
      amends: null,
      createdAt: new Date('2026-01-10T09:00:00Z'),
    },
    {
      id: noteIds[1]!,
      patientId: 'p-1001',
      authorId: 'u-nurse',
      kind: 'call',
      body: 'Called: feels well; the BP cuff was refitted.',
      amends: noteIds[0]!,
      createdAt: new Date('2026-01-10T09:05:00Z'),
    },
  ]);
  await db.insert(consents).values({
    id: consentId,
    patientId: 'p-1001',
    kind: 'monitoring',
    version: '1.0',
    language: 'en-GB',
    method: 'electronic',
    givenAt: new Date('2026-01-01T09:00:00Z'),
    withdrawnAt: null,
    recordedBy: 'u-nurse',
  });
});

afterAll(async () => {
  await api?.close();
  await ingest?.stop();
});

async function exportOf(id: string, token: string): Promise<Response> {
  return fetch(`${api.baseUrl}/api/patients/${id}/export`, { headers: { authorization: `Bearer ${token}` } });
}

describe('GDPR export', () => {
  it('streams everything held about the patient as a FHIR collection Bundle, and audits the export', async () => {
    const res = await exportOf('p-1001', nurse);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="openward-patient-p-1001.json"',
    );
    const bundle = (await res.json()) as Bundle;
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    const counts: Record<string, number> = {};
    for (const e of bundle.entry ?? [])
      counts[e.resource.resourceType] = (counts[e.resource.resourceType] ?? 0) + 1;
    // 3 devices + the gateway; every Observation of all time: 48 heart rates, 8 panels, 8 pulses, 1 battery.
    expect(counts).toMatchObject({ Patient: 1, Device: 4, DocumentReference: 2, Observation: 65 });
    const docs = (bundle.entry ?? [])
      .map((e) => e.resource)
      .filter((r): r is DocumentReference => r.resourceType === 'DocumentReference');
    expect(docs.map((d) => d.status)).toEqual(['superseded', 'current']);
    expect(Buffer.from(docs[1]!.content[0]!.attachment.data!, 'base64').toString('utf8')).toBe(
      'Called: feels well; the BP cuff was refitted.',
    );
    const consent = (bundle.entry ?? [])
      .map((e) => e.resource)
      .find((r): r is Consent => r.resourceType === 'Consent' && r.identifier?.[0]?.value === consentId);
    expect(consent).toMatchObject({
      status: 'active',
      language: 'en-GB',
      dateTime: '2026-01-01T09:00:00.000Z',
    });
    const rows = await api.app
      .get(Database)
      .db.select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'patient.export'), eq(auditEvents.patientId, 'p-1001')));
    expect(rows.map((r) => r.outcome)).toContain('allowed');
  });

  it('lets the patient export their own record', async () => {
    const res = await exportOf('p-1001', patient);
    expect(res.status).toBe(200);
    expect(((await res.json()) as Bundle).entry?.[0]?.resource.resourceType).toBe('Patient');
  });

  it('refuses another team’s patient and another patient with 403 problem+json', async () => {
    for (const [id, token] of [
      ['p-1003', nurse],
      ['p-1002', patient],
    ] as const) {
      const res = await exportOf(id, token);
      expect(res.status).toBe(403);
      expect(problemSchema.parse(await res.json()).code).toBe('PATIENT_FORBIDDEN');
    }
  });

  // Last: stops the ingest stand-in.
  it('answers 502 before streaming anything when ingest is unreachable', async () => {
    await ingest.stop();
    const res = await exportOf('p-1001', nurse);
    expect(res.status).toBe(502);
    expect(problemSchema.parse(await res.json()).code).toBe('INGEST_UNAVAILABLE');
  });
});
