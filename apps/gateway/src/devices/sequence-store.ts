import { mkdirSync, readFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The last acknowledged glucose record sequence per meter (RACP catch-up), in one small JSON file
 * `{ "<address>": <sequence> }`. Written atomically (temp file, fsync, rename, fsync of the directory),
 * so after a crash or power loss the file holds either the old or the new map, never a torn one.
 * Writes are serialised; each write carries the whole map.
 */
export class SequenceStore {
  private readonly values = new Map<string, number>();
  private chain: Promise<void> = Promise.resolve();

  private constructor(private readonly path: string) {}

  /** Opens (or creates on first write) the store. A corrupt file is an error, not a silent reset. */
  static open(path: string): SequenceStore {
    const store = new SequenceStore(path);
    mkdirSync(dirname(path), { recursive: true });
    let text: string | null = null;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (text !== null) {
      const json = JSON.parse(text) as unknown;
      if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        throw new Error(`${path}: expected an object of address → sequence`);
      }
      for (const [address, seq] of Object.entries(json)) {
        if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 0) {
          throw new Error(`${path}: bad sequence for ${address}`);
        }
        store.values.set(address, seq);
      }
    }
    return store;
  }

  /** Last acknowledged sequence of a meter, or null if none was ever acknowledged. */
  get(address: string): number | null {
    return this.values.get(address.toLowerCase()) ?? null;
  }

  /** Durably records `sequence` for `address`; never moves a value backwards. Resolves when synced. */
  set(address: string, sequence: number): Promise<void> {
    const key = address.toLowerCase();
    if ((this.values.get(key) ?? -1) >= sequence) return this.chain.catch(() => undefined);
    this.values.set(key, sequence);
    const snapshot = JSON.stringify(Object.fromEntries(this.values));
    // A failed write (disk full) must not wedge every later one: chain on settle, report to the caller.
    const next = this.chain.catch(() => undefined).then(() => this.write(snapshot));
    this.chain = next;
    return next;
  }

  private async write(text: string): Promise<void> {
    const tmp = `${this.path}.tmp`;
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, this.path);
    const dir = await open(dirname(this.path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}
