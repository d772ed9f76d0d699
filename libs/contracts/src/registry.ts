import { z } from 'zod';
import { GATEWAY_ID_PATTERN, PATIENT_ID_PATTERN } from './topics.js';
import { DEVICE_ADDRESS_PATTERN } from './reading.js';

/** Shape of a Mosquitto 2 PBKDF2-SHA512 password hash: `$7$<iterations>$<base64 salt>$<base64 hash>`. */
export const MOSQUITTO_HASH_PATTERN =
  /^\$7\$[1-9][0-9]{0,8}\$[A-Za-z0-9+/]{2,}={0,2}\$[A-Za-z0-9+/]{2,}={0,2}$/;

/**
 * The registry the clinician API owns and ingest caches (schema `openward.registry/1`): which gateways may
 * connect (secret hashes only), which devices belong to which gateway, and to which patient each device was
 * assigned over time. The API exports it; ingest reads it and keeps working from its copy while the API is down.
 */
export const registrySnapshotSchema = z
  .object({
    schema: z.literal('openward.registry/1'),
    /** Monotonic version; ingest ignores a snapshot older than the one it has. */
    version: z.number().int().nonnegative(),
    generatedAt: z.iso.datetime({ offset: false, precision: 3 }),
    gateways: z.array(
      z
        .object({
          id: z.string().regex(GATEWAY_ID_PATTERN),
          /** `scrypt$N$r$p$saltB64$hashB64` (see @openward/credentials). */
          secretHash: z.string().startsWith('scrypt$'),
          /**
           * Optional Mosquitto 2 password hash of the same secret, `$7$<iterations>$<salt b64>$<hash b64>`
           * (PBKDF2-SHA512, `hashMosquittoPassword` in @openward/credentials), for the external broker's
           * password file (apps/ingest DESIGN.md §10.3). The pattern admits no `:`, space or line break, so a
           * stored value can never inject a line into that file.
           */
          mosquittoHash: z.string().regex(MOSQUITTO_HASH_PATTERN).optional(),
          status: z.enum(['active', 'revoked']),
        })
        .strict(),
    ),
    // Strict, like every entry: a reader built from an older contracts version rejects unknown keys, so a
    // new field (e.g. a device's model or serial) needs a new schema version, not a silent addition.
    devices: z.array(
      z
        .object({
          address: z.string().regex(DEVICE_ADDRESS_PATTERN),
          gatewayId: z.string().regex(GATEWAY_ID_PATTERN),
          kind: z.string().min(1).max(40),
        })
        .strict(),
    ),
    assignments: z.array(
      z
        .object({
          deviceAddress: z.string().regex(DEVICE_ADDRESS_PATTERN),
          patientId: z.string().regex(PATIENT_ID_PATTERN),
          from: z.iso.datetime({ offset: false, precision: 3 }),
          to: z.iso.datetime({ offset: false, precision: 3 }).nullable(),
        })
        .strict(),
    ),
  })
  .strict();
export type RegistrySnapshot = z.infer<typeof registrySnapshotSchema>;

/** The patient a device was assigned to at `at` (epoch ms), or null. Pure. */
export function patientAt(snapshot: RegistrySnapshot, deviceAddress: string, at: number): string | null {
  for (const a of snapshot.assignments) {
    if (a.deviceAddress !== deviceAddress) continue;
    const from = Date.parse(a.from);
    const to = a.to === null ? Number.POSITIVE_INFINITY : Date.parse(a.to);
    if (at >= from && at < to) return a.patientId;
  }
  return null;
}
