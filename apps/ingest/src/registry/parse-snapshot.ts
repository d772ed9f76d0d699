import { registrySnapshotSchema, type RegistrySnapshot } from '@openward/contracts';

export type SnapshotParseResult =
  { ok: true; snapshot: RegistrySnapshot } | { ok: false; reason: 'NOT_JSON' | 'SCHEMA'; message: string };

/** Parses the text of a `openward.registry/1` file. Total: never throws. */
export function parseRegistrySnapshot(text: string): SnapshotParseResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: 'NOT_JSON', message: e instanceof Error ? e.message : String(e) };
  }
  const r = registrySnapshotSchema.safeParse(json);
  if (!r.success) {
    const first = r.error.issues[0];
    return {
      ok: false,
      reason: 'SCHEMA',
      message: first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid',
    };
  }
  return { ok: true, snapshot: r.data };
}
