/**
 * The radio's TCP face: newline-delimited JSON (libs/sim-radio protocol v1). Each TCP connection is one
 * BLE central. Bad input never takes the server down: a line that parses far enough to show an `id` gets
 * a BAD_REQUEST response, anything else is logged and counted.
 */
import { createServer, type Server, type Socket } from 'node:net';
import {
  LineSplitter,
  encodeLine,
  parseRequest,
  type RadioEvent,
  type RadioResponse,
} from '@openward/sim-radio';
import type { Logger } from 'pino';
import type { Air, Central } from './air.js';

/** Above this many unsent bytes a slow central loses events instead of growing our memory. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

export interface RadioStats {
  centrals: number;
  badLines: number;
  oversizeLines: number;
  droppedEvents: number;
}

function recoverId(line: string): number | undefined {
  try {
    const json: unknown = JSON.parse(line);
    if (typeof json === 'object' && json !== null && 'id' in json) {
      const id = (json as { id: unknown }).id;
      if (typeof id === 'number' && Number.isInteger(id) && id >= 0) return id;
    }
  } catch {
    // not JSON at all: no id to answer
  }
  return undefined;
}

export class RadioServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private nextCentralId = 1;
  private readonly counts = { badLines: 0, oversizeLines: 0, droppedEvents: 0 };

  constructor(
    private readonly air: Air,
    private readonly logger: Logger,
  ) {
    this.server = createServer((socket) => this.accept(socket));
  }

  /** Binds and resolves with the real port (0 picks a free one). */
  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const addr = this.server.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    });
  }

  /** Stops accepting, drops every central, resolves once the server is closed. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      for (const s of this.sockets) s.destroy();
      this.server.close(() => resolve());
    });
  }

  stats(): RadioStats {
    return { centrals: this.sockets.size, ...this.counts };
  }

  private accept(socket: Socket): void {
    const id = this.nextCentralId++;
    this.sockets.add(socket);
    socket.setEncoding('utf8');
    socket.setNoDelay(true);
    const log = this.logger.child({ central: id });
    const write = (message: RadioResponse | RadioEvent): void => {
      if (socket.destroyed || !socket.writable) return;
      if (socket.writableLength > MAX_BUFFERED_BYTES) {
        this.counts.droppedEvents += 1;
        return;
      }
      socket.write(encodeLine(message));
    };
    const central: Central = { id, send: (event) => write(event) };
    const splitter = new LineSplitter((length) => {
      this.counts.oversizeLines += 1;
      log.warn({ length }, 'oversize line dropped');
    });
    log.info({ remote: `${socket.remoteAddress}:${socket.remotePort}` }, 'central connected');

    socket.on('data', (chunk: string) => {
      for (const line of splitter.push(chunk)) this.onLine(line, central, write, log);
    });
    socket.on('error', (err) => log.warn({ err: err.message }, 'central socket error'));
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.air.detach(central);
      log.info('central disconnected');
    });
  }

  private onLine(line: string, central: Central, write: (m: RadioResponse) => void, log: Logger): void {
    const parsed = parseRequest(line);
    if (!parsed.ok) {
      this.counts.badLines += 1;
      const id = recoverId(line);
      log.warn({ code: parsed.code, reason: parsed.message, answered: id !== undefined }, 'bad request line');
      if (id !== undefined) {
        write({ id, ok: false, code: 'BAD_REQUEST', message: `${parsed.code}: ${parsed.message}` });
      }
      return;
    }
    const req = parsed.value;
    try {
      const r = this.air.handle(central, req);
      write(
        r.ok
          ? { id: req.id, ok: true, result: r.result }
          : { id: req.id, ok: false, code: r.code, message: r.message },
      );
    } catch (err) {
      // A bug in a handler must not kill the radio: answer and keep serving.
      log.error(
        { err: err instanceof Error ? err.message : String(err), op: req.op },
        'request handler failed',
      );
      write({ id: req.id, ok: false, code: 'GATT_ERROR', message: 'internal error' });
    }
  }
}
