import { open, type FileHandle } from 'node:fs/promises';

export interface AckedLogOptions {
  /** Buffered ids are appended to the file at least this often (default 100 ms). */
  flushIntervalMs?: number;
  /** …and as soon as this many bytes are buffered (default 64 KiB). */
  flushBytes?: number;
}

/**
 * The fleet's `--acked-file`: one acknowledged reading id per line, appended while PUBACKs arrive, so a
 * crash test can compare what the broker acknowledged with what the store holds. Appends to an existing
 * file (a run that resumes earlier lmdb journals adds its own acknowledgements). Writes are buffered and
 * serialised; {@link close} writes the rest and fsyncs, so once it resolved every acknowledged id is on
 * disk. A failed write is remembered and rethrown by `close` (the CLI then exits 1).
 */
export class AckedLog {
  private buffer: string[] = [];
  private bufferedBytes = 0;
  private writes: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private lines = 0;
  private closed = false;
  private readonly timer: NodeJS.Timeout;
  private readonly flushBytes: number;

  private constructor(
    private readonly file: FileHandle,
    opts: AckedLogOptions,
  ) {
    this.flushBytes = opts.flushBytes ?? 64 * 1024;
    this.timer = setInterval(() => this.flush(), opts.flushIntervalMs ?? 100);
    this.timer.unref();
  }

  /** Opens `path` for appending (created when missing). */
  static async open(path: string, opts: AckedLogOptions = {}): Promise<AckedLog> {
    return new AckedLog(await open(path, 'a'), opts);
  }

  /** Ids recorded so far. */
  get count(): number {
    return this.lines;
  }

  /** Records one acknowledged reading id. */
  add(id: string): void {
    if (this.closed) throw new Error('acked log is closed');
    const line = `${id}\n`;
    this.buffer.push(line);
    this.bufferedBytes += line.length;
    this.lines++;
    if (this.bufferedBytes >= this.flushBytes) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.bufferedBytes = 0;
    // appendFile loops over short writes; chaining keeps the lines in acknowledgement order.
    this.writes = this.writes
      .then(() => this.file.appendFile(chunk))
      .catch((e: unknown) => {
        this.failure ??= e;
      });
  }

  /** Writes what is buffered, fsyncs and closes. Rejects if any write failed. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.flush();
    await this.writes;
    try {
      if (this.failure === null) await this.file.sync();
    } finally {
      await this.file.close();
    }
    if (this.failure !== null) throw this.failure;
  }
}
