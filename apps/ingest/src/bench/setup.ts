import { writeFileSync } from 'node:fs';
import type { RegistrySnapshot } from '@openward/contracts';
import { hashSecret, type ScryptParams } from '@openward/credentials';

/** One simulated gateway's credentials, in the fleet CLI's `--credentials` file format. */
export interface BenchCredential {
  gatewayId: string;
  secret: string;
}

/**
 * scrypt parameters for the benchmark's registry: the production hash format, cheap enough that hashing and
 * verifying a thousand gateways measures ingest's write path, not scrypt (DESIGN.md §14).
 */
export const BENCH_SCRYPT: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };

/** The measured-at start of every device assignment: far enough back to attribute every reading. */
const ASSIGNED_FROM = '2020-01-01T00:00:00.000Z';

/**
 * The fleet CLI's device address for its i-th gateway (1-based position in its credentials file):
 * `02:0f:{i as 4 hex bytes}`. Mirrors `fleetDeviceAddress` in apps/gateway/src/fleet/credentials.ts (an app
 * cannot import another app); the benchmark fails if they drift apart, because ingest then dead-letters every
 * reading as UNKNOWN_DEVICE and the harness refuses a run with rejections.
 */
export function fleetDeviceAddress(index: number): string {
  const hex = (index >>> 0).toString(16).padStart(8, '0');
  return `02:0f:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}:${hex.slice(6, 8)}`;
}

/** Patient of the i-th fleet gateway's device. */
export const benchPatientId = (index: number): string => `p-bench-${String(index).padStart(5, '0')}`;

/** `count` gateways `gw-bench-00001…` with distinct secrets. Pure. */
export function benchCredentials(count: number, prefix = 'gw-bench'): BenchCredential[] {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(5, '0');
    return { gatewayId: `${prefix}-${n}`, secret: `bench-secret-${prefix}-${n}` };
  });
}

/**
 * A registry snapshot for the fleet: gateway i owns device `fleetDeviceAddress(i)`, assigned to
 * `benchPatientId(i)`; `extra` gateways (e.g. the live-feed probe) get device addresses after the fleet's.
 */
export async function benchSnapshot(
  fleet: readonly BenchCredential[],
  extra: readonly BenchCredential[] = [],
): Promise<RegistrySnapshot> {
  const all = [...fleet, ...extra];
  const hashes = await Promise.all(all.map((c) => hashSecret(c.secret, BENCH_SCRYPT)));
  return {
    schema: 'openward.registry/1',
    version: 1,
    generatedAt: new Date().toISOString(),
    gateways: all.map((c, i) => ({ id: c.gatewayId, secretHash: hashes[i] ?? '', status: 'active' })),
    devices: all.map((c, i) => ({
      address: fleetDeviceAddress(i + 1),
      gatewayId: c.gatewayId,
      kind: 'heart-rate-strap',
    })),
    assignments: all.map((_, i) => ({
      deviceAddress: fleetDeviceAddress(i + 1),
      patientId: benchPatientId(i + 1),
      from: ASSIGNED_FROM,
      to: null,
    })),
  };
}

/** Writes a JSON file (the registry, a credentials file). */
export function writeJson(file: string, value: unknown): void {
  writeFileSync(file, JSON.stringify(value));
}
