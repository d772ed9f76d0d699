import { describe, expect, it } from '@jest/globals';
import type { RegistrySnapshot } from '@openward/contracts';
import { pino } from 'pino';
import { configFactory, FixedClock, RecordingAudit } from '../../test/factories.js';
import { AppError } from '../common/app-error.js';
import { EnrollmentRateLimited, EnrollmentService } from './enrollment.service.js';
import { GatewaySecrets, type IssuedSecret } from './gateway-secrets.js';
import {
  GatewayRepository,
  type ExchangeResult,
  type GatewayRecord,
  type IssueCodeResult,
  type RevokeOutcome,
  type StoredCode,
} from './gateways.repository.js';
import type { RegistryService } from './registry.service.js';

const T0 = new Date('2026-11-25T08:00:00.000Z');
const CODE = '7K3Q-AB12-CDEF-GHJK-MNPQ-RSTV-WXYZ';
const CANONICAL = '7K3QAB12CDEFGHJKMNPQRSTVWXYZ';
const meta = { sourceIp: '198.51.100.7' };

/** One stored code (by hash) and what the exchange did. */
class FakeGateways extends GatewayRepository {
  code: StoredCode | null = { gatewayId: 'gw-a1', expiresAt: new Date(T0.getTime() + 60_000), usedAt: null };
  exchanged: { secretHash: string; mosquittoHash: string }[] = [];
  list(): Promise<GatewayRecord[]> {
    return Promise.resolve([]);
  }
  find(): Promise<GatewayRecord | null> {
    return Promise.resolve(null);
  }
  create(): Promise<'created' | 'exists'> {
    return Promise.resolve('created');
  }
  issueCode(): Promise<IssueCodeResult> {
    return Promise.resolve({ ok: false, code: 'GATEWAY_NOT_FOUND' });
  }
  findCode(hash: string): Promise<StoredCode | null> {
    return Promise.resolve(hash === `h:${CANONICAL}` ? this.code : null);
  }
  exchangeCode(
    _hash: string,
    now: Date,
    credentials: { secretHash: string; mosquittoHash: string },
  ): Promise<ExchangeResult> {
    this.exchanged.push(credentials);
    if (this.code) this.code = { ...this.code, usedAt: now };
    return Promise.resolve({ ok: true, gatewayId: 'gw-a1', rotated: false });
  }
  revoke(): Promise<RevokeOutcome> {
    return Promise.resolve('not_found');
  }
}

/** Counts the slow hashes, so a test can prove none is spent on a hopeless code. */
class FakeSecrets extends GatewaySecrets {
  issued = 0;
  issueSecret(): Promise<IssuedSecret> {
    this.issued++;
    return Promise.resolve({ secret: 's'.repeat(43), secretHash: 'scrypt$x', mosquittoHash: '$7$x' });
  }
  unusableSecretHash(): Promise<string> {
    return Promise.resolve('scrypt$unusable');
  }
  newEnrollmentCode(): string {
    return CANONICAL;
  }
  codeHash(canonical: string): string {
    return `h:${canonical}`;
  }
  newGatewayId(): string {
    return 'gw-generated';
  }
}

function world(publicMqttUrl: string | null = 'mqtts://b.example:8883') {
  const repo = new FakeGateways();
  const secrets = new FakeSecrets();
  const audit = new RecordingAudit();
  const clock = new FixedClock(T0);
  let published = 0;
  const registry = {
    changed: (): Promise<RegistrySnapshot> => {
      published++;
      return Promise.resolve({
        schema: 'openward.registry/1',
        version: 1,
        generatedAt: T0.toISOString(),
        gateways: [],
        devices: [],
        assignments: [],
      });
    },
  } as unknown as RegistryService;
  const service = new EnrollmentService(
    repo,
    secrets,
    registry,
    audit,
    clock,
    configFactory({ publicMqttUrl }),
    pino({ level: 'silent' }),
  );
  return { service, repo, secrets, audit, clock, published: () => published };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e.code;
}

describe('EnrollmentService', () => {
  it('exchanges a valid code once, publishes the registry, audits without an actor', async () => {
    const w = world();
    expect(await w.service.enroll(CODE.toLowerCase(), meta)).toEqual({
      gatewayId: 'gw-a1',
      username: 'gw-a1',
      password: 's'.repeat(43),
      mqttUrl: 'mqtts://b.example:8883',
    });
    expect(w.repo.exchanged).toEqual([{ secretHash: 'scrypt$x', mosquittoHash: '$7$x' }]);
    expect(w.published()).toBe(1);
    expect(w.audit.entries).toEqual([
      {
        actorId: null,
        actorRole: null,
        patientId: null,
        action: 'registry.gateway.enroll',
        resource: 'gateways/gw-a1/enrollment',
        outcome: 'success',
        sourceIp: '198.51.100.7',
        detail: { rotated: false },
      },
    ]);
    expect(await codeOf(w.service.enroll(CODE, meta))).toBe('ENROLLMENT_CODE_USED');
  });

  it('omits mqttUrl when no public broker URL is configured', async () => {
    const w = world(null);
    expect(await w.service.enroll(CODE, meta)).not.toHaveProperty('mqttUrl');
  });

  it('spends no slow hash on a malformed, unknown, used or expired code, and audits each refusal', async () => {
    const w = world();
    expect(await codeOf(w.service.enroll('nope', meta))).toBe('ENROLLMENT_CODE_INVALID');
    expect(await codeOf(w.service.enroll('0000-0000-0000-0000-0000-0000-0000', meta))).toBe(
      'ENROLLMENT_CODE_INVALID',
    );
    w.clock.current = new Date(T0.getTime() + 60_000);
    expect(await codeOf(w.service.enroll(CODE, meta))).toBe('ENROLLMENT_CODE_EXPIRED');
    w.repo.code = { gatewayId: 'gw-a1', expiresAt: new Date(T0.getTime() + 120_000), usedAt: T0 };
    expect(await codeOf(w.service.enroll(CODE, meta))).toBe('ENROLLMENT_CODE_USED');
    expect(w.secrets.issued).toBe(0);
    expect(w.published()).toBe(0);
    expect(w.audit.entries.map((e) => [e.resource, e.outcome, e.detail])).toEqual([
      ['gateways/enrollment', 'failure', { reason: 'ENROLLMENT_CODE_INVALID' }],
      ['gateways/enrollment', 'failure', { reason: 'ENROLLMENT_CODE_INVALID' }],
      ['gateways/gw-a1/enrollment', 'failure', { reason: 'ENROLLMENT_CODE_EXPIRED' }],
      ['gateways/gw-a1/enrollment', 'failure', { reason: 'ENROLLMENT_CODE_USED' }],
    ]);
  });

  it('rate-limits per address before looking at the code, auditing the first refusal only', async () => {
    const w = world();
    for (let i = 0; i < 20; i++) await codeOf(w.service.enroll('nope', meta));
    const limited = await w.service.enroll(CODE, meta).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(EnrollmentRateLimited);
    expect((limited as EnrollmentRateLimited).retryAfterSeconds).toBe(15 * 60);
    expect(await codeOf(w.service.enroll(CODE, meta))).toBe('ENROLLMENT_RATE_LIMITED');
    expect(w.repo.exchanged).toEqual([]);
    const refusals = w.audit.entries.filter((e) => e.detail?.['reason'] === 'ENROLLMENT_RATE_LIMITED');
    expect(refusals).toHaveLength(1);
    // Another address still gets through.
    expect((await w.service.enroll(CODE, { sourceIp: '198.51.100.8' })).gatewayId).toBe('gw-a1');
  });
});
