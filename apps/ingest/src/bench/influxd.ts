import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '@openward/testing';

/** Where the Debian package puts the server. */
export const INFLUXD_BIN = '/usr/bin/influxd';

/**
 * A real `influxd` (Debian `influxdb`, 1.6.7 here) for integration tests and the ingest benchmark: its own
 * generated config, data, meta and WAL dirs in a temp dir, HTTP and RPC bound to free loopback ports. Stopped
 * by PID (SIGTERM, then SIGKILL). A missing binary fails the caller: never a silent skip.
 */
export class Influxd {
  private child: ChildProcess | null = null;
  private output = '';

  private constructor(
    readonly dir: string,
    private readonly configFile: string,
    readonly httpPort: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** `authEnabled`: InfluxDB's HTTP authentication on (the production setting; the first user must be an admin). */
  static async start(opts: { authEnabled?: boolean } = {}): Promise<Influxd> {
    if (!existsSync(INFLUXD_BIN)) {
      throw new Error(
        `${INFLUXD_BIN} not found: the InfluxDB integration tests need a real server; ` +
          'run `apt-get install -y influxdb` (Debian package, InfluxDB 1.6.7)',
      );
    }
    const dir = mkdtempSync(join(tmpdir(), 'ingest-influxd-'));
    const httpPort = await freePort();
    let rpcPort = await freePort();
    while (rpcPort === httpPort) rpcPort = await freePort();
    const configFile = join(dir, 'influxdb.conf');
    writeFileSync(
      configFile,
      [
        'reporting-disabled = true',
        `bind-address = "127.0.0.1:${rpcPort}"`,
        '[meta]',
        `  dir = "${join(dir, 'meta')}"`,
        '[data]',
        `  dir = "${join(dir, 'data')}"`,
        `  wal-dir = "${join(dir, 'wal')}"`,
        // The default, stated: fsync the WAL before answering a write (our PUBACK depends on it, §11.3).
        '  wal-fsync-delay = "0s"',
        '  query-log-enabled = false',
        '[http]',
        `  bind-address = "127.0.0.1:${httpPort}"`,
        '  log-enabled = false',
        `  auth-enabled = ${opts.authEnabled === true}`,
        '[monitor]',
        '  store-enabled = false',
        '',
      ].join('\n'),
    );
    const server = new Influxd(dir, configFile, httpPort);
    await server.launch();
    return server;
  }

  /** SIGKILLs the server (no shutdown) and starts it again on the same dirs and ports. */
  async crashAndRestart(): Promise<void> {
    await this.kill('SIGKILL');
    await this.launch();
  }

  /** SIGTERM, then SIGKILL after 5 s; keeps the data dir. */
  async stopProcess(): Promise<void> {
    await this.kill('SIGTERM');
  }

  /** Stops the server and deletes its dirs. */
  async stop(): Promise<void> {
    await this.kill('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }

  async launch(): Promise<void> {
    this.output = '';
    const child = spawn(INFLUXD_BIN, ['-config', this.configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const keep = (b: Buffer) => {
      this.output = (this.output + b.toString()).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    try {
      await waitFor(
        async () => {
          if (child.exitCode !== null || child.signalCode !== null) {
            throw new Error(`influxd exited (${child.exitCode ?? child.signalCode}): ${this.output}`);
          }
          const res = await fetch(`${this.url}/ping`);
          return res.status === 204;
        },
        { timeoutMs: 30_000, intervalMs: 50, what: `influxd /ping on port ${this.httpPort}` },
      );
    } catch (e) {
      await this.kill('SIGKILL');
      throw new Error(`${(e as Error).message}\n--- influxd output ---\n${this.output}`, { cause: e });
    }
  }

  private async kill(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    process.kill(child.pid, signal);
    if (signal === 'SIGTERM') {
      const timer = setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null && child.pid)
          process.kill(child.pid, 'SIGKILL');
      }, 5000);
      await exited;
      clearTimeout(timer);
    } else {
      await exited;
    }
    this.child = null;
  }
}
