import { GATEWAY_ID_PATTERN } from '@openward/contracts';

/** One simulated gateway's MQTT credentials (username = clientId = gatewayId). */
export interface FleetCredential {
  gatewayId: string;
  secret: string;
}

export type CredentialsResult = { ok: true; value: FleetCredential[] } | { ok: false; message: string };

/**
 * Credentials from a JSON file's text: `[{ "gatewayId": "...", "secret": "..." }, ...]` (what a
 * provisioning script for the ingest benchmark writes next to the registry). Pure and total.
 */
export function parseCredentialsFile(text: string): CredentialsResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!Array.isArray(json)) return { ok: false, message: 'must be a JSON array of {gatewayId, secret}' };
  const out: FleetCredential[] = [];
  const seen = new Set<string>();
  for (const [i, item] of json.entries()) {
    const c = item as Partial<FleetCredential> | null;
    if (typeof c?.gatewayId !== 'string' || !GATEWAY_ID_PATTERN.test(c.gatewayId)) {
      return { ok: false, message: `entry ${i}: gatewayId must match ${GATEWAY_ID_PATTERN.source}` };
    }
    if (typeof c.secret !== 'string' || c.secret.length === 0) {
      return { ok: false, message: `entry ${i}: secret must be a non-empty string` };
    }
    if (seen.has(c.gatewayId))
      return { ok: false, message: `entry ${i}: duplicate gatewayId ${c.gatewayId}` };
    seen.add(c.gatewayId);
    out.push({ gatewayId: c.gatewayId, secret: c.secret });
  }
  if (out.length === 0) return { ok: false, message: 'no credentials' };
  return { ok: true, value: out };
}

/**
 * `count` credentials from patterns where `{n}` is the 1-based index zero-padded to 5 digits, e.g.
 * `gw-fleet-{n}` / `fleet-secret-{n}` → `gw-fleet-00001` / `fleet-secret-00001`. Pure and total.
 */
export function credentialsFromPattern(
  count: number,
  idPattern: string,
  secretPattern: string,
): CredentialsResult {
  if (!Number.isInteger(count) || count < 1)
    return { ok: false, message: 'count must be a positive integer' };
  if (!idPattern.includes('{n}')) return { ok: false, message: 'the id pattern must contain {n}' };
  const out: FleetCredential[] = [];
  for (let i = 1; i <= count; i++) {
    const n = String(i).padStart(5, '0');
    const gatewayId = idPattern.replaceAll('{n}', n);
    if (!GATEWAY_ID_PATTERN.test(gatewayId)) {
      return { ok: false, message: `"${gatewayId}" does not match ${GATEWAY_ID_PATTERN.source}` };
    }
    out.push({ gatewayId, secret: secretPattern.replaceAll('{n}', n) });
  }
  return { ok: true, value: out };
}

/**
 * The one heart-rate strap each simulated gateway streams from: `02:0f:{index as 4 hex bytes}` (a
 * locally administered address), so the ingest benchmark can register device i to gateway i.
 */
export function fleetDeviceAddress(index: number): string {
  const hex = (index >>> 0).toString(16).padStart(8, '0');
  return `02:0f:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}:${hex.slice(6, 8)}`;
}
