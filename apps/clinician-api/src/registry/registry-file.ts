import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Injectable } from '@nestjs/common';
import { registrySnapshotSchema, type RegistrySnapshot } from '@openward/contracts';
import { AppConfig } from '../config/app-config.js';
import type { ExportedSnapshot } from './registry-snapshot.js';

/** Port: where the registry snapshot is published for ingest. */
export abstract class RegistryExporter {
  /** The snapshot currently published, or null if none / unreadable. */
  abstract current(): Promise<ExportedSnapshot | null>;
  /** Replaces the published snapshot atomically: a reader sees the old or the new file, never a partial one. */
  abstract write(snapshot: RegistrySnapshot): Promise<void>;
}

/** File adapter: write `<file>.<random>.tmp`, fsync, rename over the target, fsync the directory. */
@Injectable()
export class FileRegistryExporter extends RegistryExporter {
  private readonly file: string;

  constructor(config: AppConfig) {
    super();
    this.file = config.registryExportFile;
  }

  async current(): Promise<ExportedSnapshot | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return null;
    }
    try {
      const r = registrySnapshotSchema.safeParse(JSON.parse(text));
      if (!r.success) return null;
      const { version, gateways, devices, assignments } = r.data;
      return { version, content: { gateways, devices, assignments } };
    } catch {
      return null;
    }
  }

  async write(snapshot: RegistrySnapshot): Promise<void> {
    const dir = dirname(this.file);
    await mkdir(dir, { recursive: true });
    const tmp = `${this.file}.${randomBytes(6).toString('hex')}.tmp`;
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(`${JSON.stringify(snapshot, null, 2)}\n`, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await rename(tmp, this.file);
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
    // Make the rename itself durable.
    const dh = await open(dir, 'r');
    try {
      await dh.sync();
    } finally {
      await dh.close();
    }
  }
}
