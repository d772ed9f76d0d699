import { describe, expect, it } from '@jest/globals';
import { canonicalLanguage, consentGivenAt, GIVEN_AT_SKEW_MS } from './consent-rules.js';

describe('canonicalLanguage (BCP 47)', () => {
  it.each([
    ['en', 'en'],
    ['en-gb', 'en-GB'],
    ['de-CH', 'de-CH'],
    ['zh-hant-tw', 'zh-Hant-TW'],
    ['sr-Latn-RS', 'sr-Latn-RS'],
  ])('accepts %s as %s', (tag, canonical) => {
    expect(canonicalLanguage(tag)).toBe(canonical);
  });

  it.each(['', 'e', 'en_GB', 'en-', '12', 'en-GB-'.padEnd(40, 'x')])('rejects %j', (tag) => {
    expect(canonicalLanguage(tag)).toBeNull();
  });
});

describe('consentGivenAt', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  const earlier = new Date('2026-11-20T09:30:00Z');

  it('lets staff record a paper consent at the signature time', () => {
    expect(consentGivenAt('nurse', 'paper', earlier, now)).toEqual({ ok: true, givenAt: earlier });
  });

  it('uses the server time when staff give no time', () => {
    expect(consentGivenAt('clinician', 'verbal', null, now)).toEqual({ ok: true, givenAt: now });
  });

  it('refuses a time in the future beyond the tolerated skew', () => {
    const ahead = new Date(now.getTime() + GIVEN_AT_SKEW_MS + 1);
    expect(consentGivenAt('nurse', 'paper', ahead, now)).toEqual({
      ok: false,
      code: 'CONSENT_GIVEN_IN_FUTURE',
    });
    const withinSkew = new Date(now.getTime() + GIVEN_AT_SKEW_MS);
    expect(consentGivenAt('nurse', 'paper', withinSkew, now)).toEqual({ ok: true, givenAt: withinSkew });
  });

  it('lets a patient record only an electronic consent, always at the server time', () => {
    expect(consentGivenAt('patient', 'electronic', earlier, now)).toEqual({ ok: true, givenAt: now });
    expect(consentGivenAt('patient', 'paper', null, now)).toEqual({
      ok: false,
      code: 'CONSENT_METHOD_FORBIDDEN',
    });
    expect(consentGivenAt('patient', 'verbal', null, now)).toEqual({
      ok: false,
      code: 'CONSENT_METHOD_FORBIDDEN',
    });
  });
});
