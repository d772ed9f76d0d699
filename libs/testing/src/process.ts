import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A child process under test or under `npm start`: its output is kept line by line so a caller can wait
 * for a log event instead of sleeping, and it is stopped (SIGTERM, then SIGKILL) by PID.
 */
export class ManagedProcess {
  readonly lines: string[] = [];
  private readonly waiters: Array<{ test: (line: string) => boolean; resolve: (line: string) => void }> = [];
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private readonly exited: Promise<void>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
    private readonly echo?: (name: string, line: string) => void,
  ) {
    const onLine = (line: string): void => {
      if (!line) return;
      this.lines.push(line);
      if (this.lines.length > 20_000) this.lines.splice(0, 10_000);
      this.echo?.(name, line);
      for (let i = this.waiters.length - 1; i >= 0; i--) {
        const w = this.waiters[i];
        if (w && w.test(line)) {
          this.waiters.splice(i, 1);
          w.resolve(line);
        }
      }
    };
    // A chunk may end mid-line: keep the tail per stream until its newline arrives (or the stream ends).
    const partial = { out: '', err: '' };
    const onData =
      (key: 'out' | 'err') =>
      (buf: Buffer): void => {
        const parts = (partial[key] + buf.toString('utf8')).split('\n');
        partial[key] = parts.pop() ?? '';
        for (const line of parts) onLine(line);
      };
    child.stdout?.on('data', onData('out'));
    child.stderr?.on('data', onData('err'));
    child.stdout?.on('end', () => onLine(partial.out));
    child.stderr?.on('end', () => onLine(partial.err));
    this.exited = new Promise((resolve) =>
      child.on('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve();
      }),
    );
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get exit(): { code: number | null; signal: NodeJS.Signals | null } | null {
    return this.exitInfo;
  }

  /** Resolves with the first (past or future) output line matching `test`. */
  waitForLine(test: RegExp | ((line: string) => boolean), timeoutMs = 20_000): Promise<string> {
    const fn = typeof test === 'function' ? test : (l: string) => test.test(l);
    const seen = this.lines.find(fn);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const idx = this.waiters.indexOf(entry);
        if (idx >= 0) this.waiters.splice(idx, 1);
        reject(
          new Error(`${this.name}: no line matching ${String(test)} within ${timeoutMs} ms\n${this.tail()}`),
        );
      }, timeoutMs);
      const entry = {
        test: fn,
        resolve: (l: string) => {
          clearTimeout(timer);
          resolve(l);
        },
      };
      this.waiters.push(entry);
      if (this.exitInfo) {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited (${JSON.stringify(this.exitInfo)})\n${this.tail()}`));
      }
    });
  }

  tail(n = 30): string {
    return this.lines.slice(-n).join('\n');
  }

  /** Sends `signal`, waits up to graceMs, then SIGKILLs. Resolves when the process has exited. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
    if (this.exitInfo || this.child.exitCode !== null) return;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** Kills at once with SIGKILL (crash tests). */
  async kill(): Promise<void> {
    return this.stop('SIGKILL', 0);
  }

  waitForExit(): Promise<void> {
    return this.exited;
  }
}

export interface StartOptions {
  env?: Record<string, string>;
  cwd?: string;
  echo?: (name: string, line: string) => void;
}

/** Starts `node <script> [...args]` with the given environment added to this process's. */
export function startNode(
  name: string,
  script: string,
  args: string[] = [],
  opts: StartOptions = {},
): ManagedProcess {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: opts.cwd,
    env: { ...process.env, NODE_OPTIONS: '', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new ManagedProcess(name, child, opts.echo);
}
