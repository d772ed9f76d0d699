import type { RegistrySnapshot } from '@openward/contracts';

/** Registry content as stored, without the export envelope. */
export type RegistryContent = Pick<RegistrySnapshot, 'gateways' | 'devices' | 'assignments'>;

/** The export envelope around {@link RegistryContent}. Pure. */
export function buildSnapshot(content: RegistryContent, version: number, now: Date): RegistrySnapshot {
  return { schema: 'openward.registry/1', version, generatedAt: now.toISOString(), ...content };
}

/** What is on disk already, if anything. */
export interface ExportedSnapshot {
  version: number;
  content: RegistryContent;
}

/**
 * Version to export so readers (ingest ignores older or equal versions) never miss a change, even if the
 * database was reset while the file survived: never go back, and move forward when content differs. Pure.
 */
export function exportVersion(
  dbVersion: number,
  content: RegistryContent,
  onDisk: ExportedSnapshot | null,
): number {
  if (!onDisk || onDisk.version < dbVersion) return dbVersion;
  return sameContent(onDisk.content, content) ? onDisk.version : onDisk.version + 1;
}

function sameContent(a: RegistryContent, b: RegistryContent): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
