import { randomBytes } from 'node:crypto';
import { DEMO_STAFF } from '@openward/testing';
import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { login, type RunningApi } from '../harness.js';
import { PATIENT_ACCOUNT, type Caller } from './expectations.js';

/** The Authorization header each matrix caller sends (none: no header). */
export type CallerHeaders = Readonly<Record<Caller, Readonly<Record<string, string>>>>;

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

async function signIn(api: RunningApi, username: string, password: string): Promise<string> {
  return (await login(api.baseUrl, username, password)).accessToken;
}

/** Re-signs a real token's claims with `key`, optionally moving its lifetime. */
async function resign(token: string, key: Uint8Array, shiftSeconds = 0): Promise<string> {
  const claims = decodeJwt(token);
  const header = decodeProtectedHeader(token);
  const iat = (claims.iat ?? 0) + shiftSeconds;
  const exp = (claims.exp ?? 0) + shiftSeconds;
  return new SignJWT({ ...claims, iat, exp }).setProtectedHeader({ ...header, alg: 'HS256' }).sign(key);
}

/**
 * Signs in the demo admin, nurse, clinician and patient, and derives from the admin's real token a forged
 * one (same claims, another key) and an expired one (right key, lifetime two hours in the past). `control`
 * is the admin's claims re-signed with the right key and unchanged lifetime: the API must accept it, which
 * proves the forged and expired tokens are refused for their key and their expiry alone.
 */
export async function matrixCallers(api: RunningApi): Promise<{ headers: CallerHeaders; control: string }> {
  const password = (role: string): string => DEMO_STAFF.find((s) => s.role === role)?.password ?? '';
  const [admin, nurse, clinician, patient] = await Promise.all([
    signIn(api, 'admin', password('admin')),
    signIn(api, 'nurse', password('nurse')),
    signIn(api, 'clinician', password('clinician')),
    signIn(api, PATIENT_ACCOUNT.username, PATIENT_ACCOUNT.password),
  ]);
  const rightKey = new TextEncoder().encode(api.config.jwtSecret);
  const serviceToken = api.config.registryFeedToken ?? 'registry-feed-disabled';
  return {
    headers: {
      admin: bearer(admin),
      nurse: bearer(nurse),
      clinician: bearer(clinician),
      patient: bearer(patient),
      none: {},
      forged: bearer(await resign(admin, randomBytes(32))),
      expired: bearer(await resign(admin, rightKey, -2 * 3600)),
      service: bearer(serviceToken),
    },
    control: await resign(admin, rightKey),
  };
}
