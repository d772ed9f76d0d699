import { gatewayEnrollResponseSchema, problemSchema, type GatewayEnrollResponse } from '@openward/contracts';
import type { EnrollArgs } from './args.js';
import { checkWritable, mergeEnvFile, readEnvFile, writeFileAtomic } from './env-file.js';

/** How long the exchange may take before the CLI gives up (the API hashes the new secret with scrypt). */
export const ENROLL_TIMEOUT_MS = 30_000;

export type EnrollOutcome =
  | { ok: true; gatewayId: string; mqttUrl: string | null; file: string }
  | { ok: false; reason: 'refused' | 'unreachable' | 'bad-response' | 'file'; message: string };

type FetchFn = (url: string, init: RequestInit) => Promise<Response>;

/** What to tell the operator for each refusal code of `POST /api/gateways/enroll`. */
const ADVICE: Readonly<Record<string, string>> = {
  ENROLLMENT_CODE_INVALID: 'the API does not know this code: check it for typos',
  ENROLLMENT_CODE_EXPIRED: 'the code expired or was replaced by a newer one: ask the admin for a new code',
  ENROLLMENT_CODE_USED:
    'the code was already used: ask the admin for a new code (if this gateway did not use it, tell the admin)',
  ENROLLMENT_RATE_LIMITED: 'too many attempts from this address: wait and retry',
};

/** `POST <api>/api/gateways/enroll {code}` → the credentials, or why not. Never throws. */
export async function requestCredentials(
  api: string,
  code: string,
  fetchFn: FetchFn = fetch,
  timeoutMs = ENROLL_TIMEOUT_MS,
): Promise<{ ok: true; value: GatewayEnrollResponse } | Extract<EnrollOutcome, { ok: false }>> {
  let res: Response;
  let text: string;
  try {
    res = await fetchFn(`${api}/api/gateways/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ code }),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    text = await res.text();
  } catch (e) {
    const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : '';
    return {
      ok: false,
      reason: 'unreachable',
      message: `${e instanceof Error ? e.message : String(e)}${cause}`,
    };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  if (res.status !== 200) {
    const problem = problemSchema.safeParse(body);
    const code = problem.success ? problem.data.code : null;
    const retry = res.headers.get('retry-after');
    const advice = (code && ADVICE[code]) ?? (problem.success ? problem.data.title : 'unexpected answer');
    return {
      ok: false,
      reason: 'refused',
      message: `HTTP ${res.status}${code ? ` ${code}` : ''}: ${advice}${retry ? ` (retry after ${retry} s)` : ''}`,
    };
  }
  const parsed = gatewayEnrollResponseSchema.safeParse(body);
  if (!parsed.success)
    return { ok: false, reason: 'bad-response', message: 'the API answered 200 without valid credentials' };
  return { ok: true, value: parsed.data };
}

/**
 * The whole `enroll` command: check the file can be written, exchange the code, then set GATEWAY_ID,
 * GATEWAY_SECRET (and GATEWAY_MQTT_URL when the API gives one) in the environment file, atomically.
 */
export async function enroll(args: EnrollArgs, fetchFn: FetchFn = fetch): Promise<EnrollOutcome> {
  try {
    await checkWritable(args.out);
  } catch (e) {
    return { ok: false, reason: 'file', message: `cannot write ${args.out}: ${errorText(e)}` };
  }
  const creds = await requestCredentials(args.api, args.code, fetchFn);
  if (!creds.ok) return creds;
  const { gatewayId, password, mqttUrl } = creds.value;
  try {
    const text = mergeEnvFile(await readEnvFile(args.out), {
      GATEWAY_ID: gatewayId,
      GATEWAY_SECRET: password,
      ...(mqttUrl === undefined ? {} : { GATEWAY_MQTT_URL: mqttUrl }),
    });
    await writeFileAtomic(args.out, text);
  } catch (e) {
    // The code is spent: say so, without the secret.
    return {
      ok: false,
      reason: 'file',
      message: `enrolled as ${gatewayId} but could not write ${args.out} (${errorText(e)}): ask the admin for a new code`,
    };
  }
  return { ok: true, gatewayId, mqttUrl: mqttUrl ?? null, file: args.out };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
