import { describe, expect, it } from '@jest/globals';
import type { Principal } from '../common/principal.js';
import { endRefusal, grantExpiry, grantState, openRefusal, type GrantFacts } from './break-glass-rules.js';

const now = new Date('2026-11-25T12:00:00.000Z');
const principal = (over: Partial<Principal>): Principal => ({
  userId: 'u-clinician',
  role: 'clinician',
  careTeams: ['team-north'],
  patientId: null,
  sessionId: 's-1',
  ...over,
});
const grant = (over: Partial<GrantFacts> = {}): GrantFacts => ({
  userId: 'u-clinician',
  expiresAt: new Date('2026-11-25T13:00:00.000Z'),
  endedAt: null,
  ...over,
});

describe('openRefusal', () => {
  it('opens only when ordinary access is forbidden', () => {
    expect(openRefusal({ kind: 'FORBIDDEN' })).toBeNull();
  });

  it('refuses inside the care team: nothing to break', () => {
    expect(openRefusal({ kind: 'ALLOWED', breakGlass: false })).toBe('BREAK_GLASS_NOT_NEEDED');
  });

  it('refuses a second grant while one is active', () => {
    expect(openRefusal({ kind: 'ALLOWED', breakGlass: true })).toBe('BREAK_GLASS_ALREADY_OPEN');
  });

  it('refuses an unknown or erased patient as not found', () => {
    expect(openRefusal({ kind: 'NOT_FOUND' })).toBe('PATIENT_NOT_FOUND');
  });
});

describe('grantExpiry and grantState', () => {
  it('expires the configured minutes after opening', () => {
    expect(grantExpiry(now, 60).toISOString()).toBe('2026-11-25T13:00:00.000Z');
  });

  it('is active until expiresAt, expired from expiresAt on', () => {
    const g = grant();
    expect(grantState(g, new Date('2026-11-25T12:59:59.999Z'))).toBe('active');
    expect(grantState(g, new Date('2026-11-25T13:00:00.000Z'))).toBe('expired');
  });

  it('is ended once ended, whatever the clock', () => {
    expect(grantState(grant({ endedAt: now }), now)).toBe('ended');
  });
});

describe('endRefusal', () => {
  it('lets the holder end an active grant', () => {
    expect(endRefusal(principal({}), grant(), now)).toBeNull();
  });

  it('lets an admin end anyone’s active grant', () => {
    expect(
      endRefusal(principal({ userId: 'u-admin', role: 'admin', careTeams: [] }), grant(), now),
    ).toBeNull();
  });

  it("hides another clinician's grant as not found", () => {
    expect(endRefusal(principal({ userId: 'u-other' }), grant(), now)).toBe('BREAK_GLASS_NOT_FOUND');
    expect(endRefusal(principal({}), null, now)).toBe('BREAK_GLASS_NOT_FOUND');
  });

  it('refuses to end an ended or expired grant', () => {
    expect(endRefusal(principal({}), grant({ endedAt: now }), now)).toBe('BREAK_GLASS_NOT_ACTIVE');
    expect(endRefusal(principal({}), grant({ expiresAt: now }), now)).toBe('BREAK_GLASS_NOT_ACTIVE');
  });
});
