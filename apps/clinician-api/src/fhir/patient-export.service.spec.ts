import { describe, expect, it } from '@jest/globals';
import { FixedClock, RecordingAudit } from '../../test/factories.js';
import { PatientAccess, type AccessDecision, type AccessGrant } from '../access/patient-access.js';
import type { Principal } from '../common/principal.js';
import type { IngestHistoryClient } from '../observations/ingest-history.client.js';
import type { FhirDevicesService } from './fhir-devices.service.js';
import type { FhirPatientsService } from './fhir-patients.service.js';
import type { FhirRecordsRepository } from './fhir-records.repository.js';
import { FhirError } from './fhir.errors.js';
import { PatientExportService } from './patient-export.service.js';

/** PatientAccess answering one fixed decision; counts `require` calls. */
class FixedAccess extends PatientAccess {
  required = 0;
  constructor(private readonly decision: AccessDecision) {
    super();
  }
  async check(): Promise<AccessDecision> {
    return this.decision;
  }
  async require(_p: Principal, patientId: string): Promise<AccessGrant> {
    this.required++;
    return { patientId, breakGlass: false };
  }
}

const clinician: Principal = {
  userId: 'u-clinician',
  role: 'clinician',
  careTeams: ['team-south'],
  patientId: null,
  sessionId: 's-1',
};

const unused = <T>(): T =>
  new Proxy({}, { get: () => () => Promise.reject(new Error('unexpected call')) }) as T;

describe('PatientExportService', () => {
  it('refuses an export under break-glass access and audits the refusal, without reading anything', async () => {
    const audit = new RecordingAudit();
    const access = new FixedAccess({ kind: 'ALLOWED', breakGlass: true });
    const service = new PatientExportService(
      access,
      audit,
      unused<FhirRecordsRepository>(),
      unused<FhirPatientsService>(),
      unused<FhirDevicesService>(),
      unused<IngestHistoryClient>(),
      new FixedClock(new Date('2026-01-10T00:00:00Z')),
    );
    await expect(
      service.export(clinician, 'p-1001', 'http://x/fhir/R4', { sourceIp: '127.0.0.1' }),
    ).rejects.toEqual(new FhirError('EXPORT_FORBIDDEN'));
    expect(access.required).toBe(0);
    expect(audit.entries).toEqual([
      expect.objectContaining({
        action: 'patient.export',
        patientId: 'p-1001',
        outcome: 'denied',
        breakGlass: true,
        actorId: 'u-clinician',
      }),
    ]);
  });
});
