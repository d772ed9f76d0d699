import { parseArgs } from 'node:util';
import { normalizeEnrollmentCode } from '@openward/contracts';

/** Where the gateway's systemd unit reads its environment (apps/gateway/deploy/openward-gateway.service). */
export const DEFAULT_ENV_FILE = '/etc/openward/gateway.env';
/** Environment variable that may carry the code instead of `--code` (keeps it out of `ps` and shell history). */
export const CODE_ENV = 'GATEWAY_ENROLLMENT_CODE';

export const USAGE = `usage: node apps/gateway/dist/enroll-main.js --api URL --code CODE [--out FILE]
  --api URL     the clinician API, e.g. https://openward.example.org (http:// only for 127.0.0.1/localhost)
  --code CODE   the one-time enrolment code from the admin (XXXX-XXXX-…); or set ${CODE_ENV}
  --out FILE    the gateway's environment file to update (default ${DEFAULT_ENV_FILE}): GATEWAY_ID,
                GATEWAY_SECRET and, when the API sends one, GATEWAY_MQTT_URL are set; every other line is
                kept. Written atomically, mode 0600.
Exchanges the code for the gateway's MQTT credentials (POST /api/gateways/enroll). The secret is written to
the file only, never printed. Exit 0 when enrolled, 1 when the API refused or could not be reached, 2 on bad
arguments. Then restart the gateway: sudo systemctl restart openward-gateway`;

/** Validated command line of the enroll CLI. */
export interface EnrollArgs {
  /** API base URL without a trailing slash. */
  api: string;
  /** The code in canonical form (contracts `normalizeEnrollmentCode`). */
  code: string;
  out: string;
}

export type EnrollArgsResult =
  { ok: true; value: EnrollArgs } | { ok: true; help: true } | { ok: false; message: string };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Parses the enroll CLI's arguments (and the code from `env` when `--code` is absent). Pure and total: a bad
 * argument is a message naming it, never a throw. Plain http is refused except to a loopback API, because
 * the answer carries the gateway's secret.
 */
export function parseEnrollArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): EnrollArgsResult {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        api: { type: 'string' },
        code: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  if (values.help) return { ok: true, help: true };

  if (values.api === undefined) return { ok: false, message: '--api is required' };
  let url: URL;
  try {
    url = new URL(values.api);
  } catch {
    return {
      ok: false,
      message: `--api must be a URL like https://openward.example.org, got "${values.api}"`,
    };
  }
  if (url.username || url.password) return { ok: false, message: '--api must not contain credentials' };
  if (url.search || url.hash) return { ok: false, message: '--api must not have a query or fragment' };
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    return {
      ok: false,
      message: '--api must use https:// (http:// is only allowed to 127.0.0.1 or localhost)',
    };
  }

  const rawCode = values.code ?? env[CODE_ENV];
  if (rawCode === undefined || rawCode.trim() === '')
    return { ok: false, message: `--code (or ${CODE_ENV}) is required` };
  const code = normalizeEnrollmentCode(rawCode);
  if (code === null) {
    return {
      ok: false,
      message: '--code is not an enrolment code (28 letters and digits, e.g. 7K3Q-AB12-…)',
    };
  }

  const out = values.out ?? DEFAULT_ENV_FILE;
  if (out.trim() === '' || out.endsWith('/')) return { ok: false, message: '--out must be a file path' };
  return { ok: true, value: { api: url.href.replace(/\/+$/, ''), code, out } };
}
