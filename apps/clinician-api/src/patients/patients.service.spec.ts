import { describe, expect, it } from '@jest/globals';
import type { LatestVital, LatestVitalsResponse } from '@openward/contracts';
import { RecordingAudit } from '../../test/factories.js';
import { PatientAccess, type AccessDecision, type AccessGrant } from '../access/patient-access.js';
import type { Principal } from '../common/principal.js';
import type { ConsentFacts } from '../consents/consent-state.js';
import { IngestClient } from './ingest.client.js';
import {
  PatientRepository,
  type NewPatient,
  type PatientListQuery,
  type PatientListRow,
  type PatientPatch,
  type PatientRow,
} from './patients.repository.js';
import { PatientsService } from './patients.service.js';

const rowOf = (id: string, displayName: string): PatientRow => ({
  id,
  displayName,
  careTeamId: 'team-north',
  givenName: null,
  familyName: null,
  birthDate: null,
  gender: null,
  mrn: null,
  status: 'active',
  enrolledAt: null,
  legalHold: false,
  erasedAt: null,
  createdAt: new Date('2026-01-01T00:00:00Z'),
});

class FakePatients extends PatientRepository {
  readonly queries: PatientListQuery[] = [];
  constructor(private readonly rows: PatientRow[]) {
    super();
  }
  async list(q: PatientListQuery): Promise<PatientRow[]> {
    this.queries.push(q);
    return this.rows.slice(0, q.fetch);
  }
  async listSummaries(q: PatientListQuery): Promise<PatientListRow[]> {
    return this.list(q);
  }
  async findById(): Promise<PatientRow | null> {
    return null;
  }
  async monitoringConsents(): Promise<ConsentFacts[]> {
    return [];
  }
  async careTeamExists(): Promise<boolean> {
    return true;
  }
  async mrnHolder(): Promise<string | null> {
    return null;
  }
  async insert(_p: NewPatient): Promise<boolean> {
    return true;
  }
  async update(_id: string, _p: PatientPatch): Promise<PatientRow | null> {
    return null;
  }
}

class CountingIngest extends IngestClient {
  readonly calls: string[][] = [];
  async latestVitals(patientId: string): Promise<LatestVitalsResponse> {
    return { patientId, vitals: [] };
  }
  async latestMany(ids: readonly string[]): Promise<Map<string, LatestVital[]>> {
    this.calls.push([...ids]);
    const hr: LatestVital = {
      metric: 'heart-rate',
      value: 70,
      unit: '/min',
      measuredAt: '2026-11-25T08:00:00.000Z',
      storedAt: '2026-11-25T08:00:00.010Z',
      readingId: 'r1',
      deviceAddress: 'c0:ff:ee:00:10:01',
    };
    return new Map(ids.map((id, i) => [id, i === 0 ? [hr] : []]));
  }
}

class NoAccess extends PatientAccess {
  async require(): Promise<AccessGrant> {
    throw new Error('not used by list');
  }
  async check(): Promise<AccessDecision> {
    return { kind: 'FORBIDDEN' };
  }
}

const nurse: Principal = {
  userId: 'u-nurse',
  role: 'nurse',
  careTeams: ['team-north'],
  patientId: null,
  sessionId: 's',
};
const meta = { sourceIp: '127.0.0.1' };

function setup(n: number) {
  const rows = Array.from({ length: n }, (_, i) =>
    rowOf(`p-${1000 + i}`, `Patient ${String(i).padStart(4, '0')}`),
  );
  const repo = new FakePatients(rows);
  const ingest = new CountingIngest();
  const audit = new RecordingAudit();
  return { repo, ingest, audit, service: new PatientsService(repo, ingest, audit, new NoAccess()) };
}

describe('PatientsService.list', () => {
  it('fetches a 1,000-patient worklist page with ONE query and ONE ingest call', async () => {
    const { repo, ingest, service } = setup(1001);
    const page = await service.list(nurse, { include: 'latest', limit: '1000' }, meta);
    expect(repo.queries).toHaveLength(1);
    expect(ingest.calls).toHaveLength(1);
    expect(ingest.calls[0]).toHaveLength(1000);
    expect(page.items).toHaveLength(1000);
    expect(page.items[0]?.latest?.[0]?.value).toBe(70);
    expect(page.items[1]?.latest).toEqual([]);
    expect(page.next).not.toBeNull();
  });

  it('does not call ingest without include=latest, nor for an empty page', async () => {
    const a = setup(3);
    const page = await a.service.list(nurse, {}, meta);
    expect(a.ingest.calls).toHaveLength(0);
    expect(page.items.every((i) => i.latest === undefined)).toBe(true);
    const b = setup(0);
    await b.service.list(nurse, { include: 'latest' }, meta);
    expect(b.ingest.calls).toHaveLength(0);
  });

  it('passes the search to the query but never into the audit entry', async () => {
    const { repo, audit, service } = setup(2);
    await service.list(nurse, { q: '  Ada  Example ' }, meta);
    expect(repo.queries[0]?.search).toBe('Ada Example');
    expect(JSON.stringify(audit.entries)).not.toMatch(/Ada|Example/);
    expect(audit.entries[0]).toMatchObject({ action: 'patient.list', detail: { search: true, count: 2 } });
  });

  it('refuses a search by a patient account with PATIENT_SEARCH_STAFF_ONLY', async () => {
    const { service } = setup(1);
    const patient: Principal = {
      ...nurse,
      userId: 'u-p',
      role: 'patient',
      careTeams: [],
      patientId: 'p-1000',
    };
    await expect(service.list(patient, { q: 'Ben' }, meta)).rejects.toMatchObject({
      code: 'PATIENT_SEARCH_STAFF_ONLY',
    });
  });
});
