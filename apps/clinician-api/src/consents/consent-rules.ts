import type { ConsentMethod, UserRole } from '@openward/contracts';
import type { ConsentErrorCode } from './consents.errors.js';

/** Clock skew tolerated on a `givenAt` from a client (a paper form timed by a tablet a little ahead). */
export const GIVEN_AT_SKEW_MS = 5 * 60_000;

/**
 * The canonical form of a BCP 47 language tag (`en-gb` → `en-GB`), or null when it is not one
 * (`Intl.getCanonicalLocales` implements BCP 47 / RFC 5646 well-formedness). Pure.
 */
export function canonicalLanguage(tag: string): string | null {
  if (tag.length < 2 || tag.length > 35) return null;
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    return canonical ?? null;
  } catch {
    return null;
  }
}

/**
 * When a consent being recorded counts as given, or why it is refused. Staff record paper, verbal or
 * electronic consents (on behalf of the patient, possibly backdated to the signature); a patient records only
 * an electronic consent, and only at the server's time (no backdating). Pure.
 */
export function consentGivenAt(
  role: UserRole,
  method: ConsentMethod,
  requested: Date | null,
  now: Date,
): { ok: true; givenAt: Date } | { ok: false; code: ConsentErrorCode } {
  if (role === 'patient') {
    return method === 'electronic'
      ? { ok: true, givenAt: now }
      : { ok: false, code: 'CONSENT_METHOD_FORBIDDEN' };
  }
  if (requested === null) return { ok: true, givenAt: now };
  if (requested.getTime() > now.getTime() + GIVEN_AT_SKEW_MS)
    return { ok: false, code: 'CONSENT_GIVEN_IN_FUTURE' };
  return { ok: true, givenAt: requested };
}
