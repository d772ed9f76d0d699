import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  DEMO_ASSIGNED_FROM,
  DEMO_CARE_TEAMS,
  DEMO_DEVICES,
  DEMO_GATEWAY_ID,
  DEMO_MONITORING_CONSENT,
  DEMO_PATIENT_USERS,
  DEMO_PATIENTS,
  DEMO_STAFF,
} from '@openward/testing';
import { hashMosquittoPassword } from '@openward/credentials';
import { PasswordHasher } from '../auth/password-hasher.js';
import { AppConfig } from '../config/app-config.js';
import { LOGGER, type AppLogger } from '../common/logger.js';
import { RegistryService } from '../registry/registry.service.js';
import { SeedRepository, type SeedWorld } from './seed.repository.js';

/**
 * Demo seed (API_DEMO_SEED=true): fills an EMPTY database with the shared demo world so `npm start` and the
 * end-to-end tests have staff, patients, a gateway and assigned straps. Never touches a database with data.
 */
@Injectable()
export class SeedService implements OnModuleInit {
  constructor(
    private readonly config: AppConfig,
    private readonly repo: SeedRepository,
    private readonly hasher: PasswordHasher,
    private readonly registry: RegistryService,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.demoSeed) return;
    if (!(await this.repo.isEmpty())) {
      this.logger.info('demo seed skipped: database not empty');
      return;
    }
    const gatewaySecret = this.config.demoGatewaySecret;
    if (gatewaySecret === null)
      throw new Error('API_DEMO_GATEWAY_SECRET missing (config validation bypassed)');
    await this.repo.insert(await this.demoWorld(gatewaySecret));
    await this.registry.changed();
    this.logger.info(
      {
        staff: DEMO_STAFF.length,
        patientUsers: DEMO_PATIENT_USERS.length,
        patients: DEMO_PATIENTS.length,
        devices: DEMO_DEVICES.length,
      },
      'demo seed inserted',
    );
  }

  private async demoWorld(gatewaySecret: string): Promise<SeedWorld> {
    // Demo passwords are hashed as is: the password policy applies to passwords users and admins choose.
    const accounts = [
      ...DEMO_STAFF.map((s) => ({ ...s, patientId: null, careTeamIds: [...s.careTeamIds] })),
      ...DEMO_PATIENT_USERS.map((p) => ({ ...p, careTeamIds: [] })),
    ];
    const [gatewayHash, ...accountHashes] = await Promise.all([
      this.hasher.hash(gatewaySecret),
      ...accounts.map((s) => this.hasher.hash(s.password)),
    ]);
    return {
      careTeams: DEMO_CARE_TEAMS.map((t) => ({ id: t.id, name: t.name })),
      patients: DEMO_PATIENTS.map((p) => ({
        id: p.id,
        displayName: p.displayName,
        careTeamId: p.careTeamId,
        givenName: p.givenName,
        familyName: p.familyName,
        birthDate: p.birthDate,
        gender: p.gender,
        mrn: p.mrn,
        enrolledAt: new Date(DEMO_ASSIGNED_FROM),
      })),
      consents: DEMO_PATIENTS.map((p) => ({
        id: `c-demo-${p.id}`,
        patientId: p.id,
        kind: 'monitoring' as const,
        version: DEMO_MONITORING_CONSENT.version,
        language: DEMO_MONITORING_CONSENT.language,
        method: DEMO_MONITORING_CONSENT.method,
        givenAt: new Date(DEMO_MONITORING_CONSENT.givenAt),
      })),
      staff: accounts.map((s, i) => ({
        id: s.id,
        username: s.username,
        displayName: s.displayName,
        role: s.role,
        patientId: s.patientId,
        passwordHash: accountHashes[i] ?? '',
        careTeamIds: s.careTeamIds,
      })),
      gateway: {
        id: DEMO_GATEWAY_ID,
        secretHash: gatewayHash ?? '',
        mosquittoHash: hashMosquittoPassword(gatewaySecret),
      },
      devices: DEMO_DEVICES.map((d) => ({ address: d.address, kind: d.kind, patientId: d.patientId })),
      assignedFrom: new Date(DEMO_ASSIGNED_FROM),
    };
  }
}
