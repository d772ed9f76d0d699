import { DEFAULT_SCRYPT } from '@openward/credentials';
import type { StaffAccount } from '../src/auth/staff.repository.js';
import type { AppConfig } from '../src/config/app-config.js';
import { Clock } from '../src/common/clock.js';
import { AuditPort, type AuditEntry } from '../src/audit/audit.port.js';

/** Cheap scrypt for tests (the library default costs ~0.3 s per hash). */
export const TEST_SCRYPT = { N: 1024, r: 8, p: 1 };

/** A config object as parseConfig would build it; override what a test needs. */
export function configFactory(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    dataDir: '/nonexistent',
    databaseUrl: null,
    jwtSecret: 'test-jwt-secret-0123456789abcdef0123',
    accessTokenTtlSeconds: 900,
    ingestUrl: 'http://127.0.0.1:9',
    ingestMqttUrl: 'mqtt://127.0.0.1:9',
    serviceToken: 'test-service-token-0123456789abcdef01',
    registryExportFile: '/nonexistent/registry.json',
    registryFeedToken: 'test-registry-feed-token-0123456789abcdef',
    demoSeed: false,
    demoGatewaySecret: null,
    dashboardDir: null,
    logLevel: 'silent',
    scrypt: DEFAULT_SCRYPT,
    enrollmentCodeTtlMinutes: 60,
    publicMqttUrl: null,
    auditQueueMax: 10_000,
    auditRetentionDays: 2190,
    breakGlassMinutes: 60,
    recordsRetentionYears: 10,
    sessionMaxHours: 12,
    idleTimeoutMinutes: 15,
    cookieSecure: false,
    loginMaxFailures: 5,
    lockoutMinutes: 15,
    // Integration suites sign in many times from 127.0.0.1; the limiter itself is tested with low values.
    loginRatePerMinute: 10_000,
    loginRateBurst: 10_000,
    mfaEncryptionKey: 'test-mfa-encryption-key-0123456789abcdef',
    mfaRequiredRoles: [],
    corsOrigins: [],
    // High enough for the authorisation matrix; the limiter itself is tested with low values.
    rateLimitPerMinute: 1_000_000,
    hsts: false,
    fhirBaseUrl: null,
    fhirMrnSystem: 'https://openward.dev/fhir/NamingSystem/mrn',
    ...overrides,
  };
}

export function staffFactory(overrides: Partial<StaffAccount> = {}): StaffAccount {
  return {
    id: 'u-nurse',
    username: 'nurse',
    displayName: 'Nina Nurse',
    role: 'nurse',
    patientId: null,
    passwordHash: 'scrypt$invalid',
    careTeamIds: ['team-north'],
    totpSecret: null,
    mfaEnabled: false,
    lastTotpStep: null,
    failedLogins: 0,
    lockedUntil: null,
    disabledAt: null,
    ...overrides,
  };
}

/** A clock a test moves by hand. */
export class FixedClock extends Clock {
  constructor(public current: Date) {
    super();
  }
  now(): Date {
    return new Date(this.current);
  }
}

/** Records audit entries in memory (unit tests assert on them; integration tests read the table). */
export class RecordingAudit extends AuditPort {
  readonly entries: AuditEntry[] = [];
  async record(entry: AuditEntry): Promise<void> {
    this.entries.push(entry);
  }
}
