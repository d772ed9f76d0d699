import { EventEmitter } from 'node:events';
import { Socket } from 'node:net';
import {
  LineSplitter,
  SIM_RADIO_PROTOCOL_VERSION,
  encodeLine,
  parseRadioMessage,
  type RadioEvent,
  type RadioRequest,
  type RadioResponse,
  type RadioResults,
} from '@openward/sim-radio';
import type { Logger } from 'pino';
import { backoffDelay, type BackoffPolicy } from '../backoff.js';

export interface SimRadioClientOptions {
  host: string;
  port: number;
  logger: Logger;
  /** Reconnect backoff towards the radio socket (default 200 ms doubling to 5 s). */
  reconnect?: BackoffPolicy;
  /** A request without a response after this long fails with `TIMEOUT` (default 10 s). */
  requestTimeoutMs?: number;
  random?: () => number;
}

type Op = RadioRequest['op'];
/** Request fields of one op, without the envelope. */
export type RadioPayload<O extends Op> = Omit<Extract<RadioRequest, { op: O }>, 'id' | 'op'>;

interface PendingRequest {
  resolve: (result: Record<string, unknown>) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** A radio error answer, or a local `NOT_CONNECTED`/`TIMEOUT`; `code` is stable, never parse `message`. */
export class RadioError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

/**
 * The central's end of the sim-radio protocol (libs/sim-radio): one TCP connection, requests matched to
 * responses by id, unsolicited events forwarded as `radioEvent`. Emits `up` after a successful `hello`
 * and `down` when the socket is lost (pending requests fail with `NOT_CONNECTED`), then reconnects with
 * backoff until {@link stop}.
 */
export class SimRadioClient extends EventEmitter {
  private socket: Socket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, PendingRequest>();
  private ready = false;
  private stopped = false;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private readonly policy: BackoffPolicy;
  private readonly requestTimeoutMs: number;
  private readonly random: () => number;

  constructor(private readonly opts: SimRadioClientOptions) {
    super();
    this.policy = opts.reconnect ?? { baseMs: 200, capMs: 5_000 };
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 10_000;
    this.random = opts.random ?? Math.random;
  }

  get up(): boolean {
    return this.ready;
  }

  start(): void {
    this.stopped = false;
    if (!this.socket && !this.reconnectTimer) this.open();
  }

  stop(): void {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.socket?.destroy();
  }

  /** Drops the connection; it is re-established with backoff. */
  reset(): void {
    this.socket?.destroy();
  }

  /** Sends one request; resolves with its result or rejects with a {@link RadioError}. */
  call<O extends Op>(op: O, payload: RadioPayload<O>): Promise<RadioResults[O]> {
    const socket = this.socket;
    if (!socket || socket.destroyed || (op !== 'hello' && !this.ready)) {
      return Promise.reject(new RadioError('NOT_CONNECTED', 'radio not connected'));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RadioError('TIMEOUT', `${op} got no response in ${this.requestTimeoutMs} ms`));
      }, this.requestTimeoutMs);
      this.pending.set(id, { resolve: (r) => resolve(r as unknown as RadioResults[O]), reject, timer });
      socket.write(encodeLine({ id, op, ...payload } as unknown as RadioRequest));
    });
  }

  private open(): void {
    const socket = new Socket();
    this.socket = socket;
    const splitter = new LineSplitter((n) =>
      this.opts.logger.warn({ length: n }, 'sim radio: oversize line dropped'),
    );
    socket.setEncoding('utf8');
    socket.setNoDelay(true);
    socket.on('data', (chunk: string) => {
      for (const line of splitter.push(chunk)) this.onLine(line);
    });
    socket.on('error', (e) => this.opts.logger.debug({ err: e.message }, 'sim radio socket error'));
    socket.on('close', () => this.onClose(socket));
    socket.connect(this.opts.port, this.opts.host, () => {
      this.call('hello', { version: SIM_RADIO_PROTOCOL_VERSION }).then(
        (r) => {
          this.attempt = 0;
          this.ready = true;
          this.opts.logger.info({ radio: r.radio, version: r.version }, 'sim radio connected');
          this.emit('up');
        },
        (e: Error) => {
          this.opts.logger.error({ err: e.message }, 'sim radio refused hello');
          socket.destroy();
        },
      );
    });
  }

  private onClose(socket: Socket): void {
    if (this.socket !== socket) return;
    this.socket = null;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new RadioError('NOT_CONNECTED', 'radio socket closed'));
    }
    this.pending.clear();
    this.ready = false;
    this.emit('down');
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt++, this.policy, this.random());
    this.opts.logger.warn({ retryInMs: delay }, 'sim radio unreachable; reconnecting');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.stopped) this.open();
    }, delay);
  }

  private onLine(line: string): void {
    const parsed = parseRadioMessage(line);
    if (!parsed.ok) {
      this.opts.logger.warn({ code: parsed.code, reason: parsed.message }, 'sim radio: bad message dropped');
      return;
    }
    if (parsed.value.kind === 'response') this.onResponse(parsed.value.response);
    else this.emit('radioEvent', parsed.value.event satisfies RadioEvent);
  }

  private onResponse(response: RadioResponse): void {
    const p = this.pending.get(response.id);
    if (!p) return;
    this.pending.delete(response.id);
    clearTimeout(p.timer);
    if (response.ok) p.resolve(response.result);
    else p.reject(new RadioError(response.code, response.message));
  }
}
