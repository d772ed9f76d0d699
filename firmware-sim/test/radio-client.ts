// Test-side BLE central: a real TCP client speaking the sim-radio protocol, with event capture so tests
// wait for events instead of sleeping.
import { connect, type Socket } from 'node:net';
import {
  LineSplitter,
  parseRadioMessage,
  type RadioEvent,
  type RadioRequest,
  type RadioResponse,
} from '@openward/sim-radio';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type RequestBody = DistributiveOmit<RadioRequest, 'id'>;

export class RadioTestClient {
  readonly events: RadioEvent[] = [];
  readonly responses: RadioResponse[] = [];
  private nextId = 1;
  private readonly pending = new Map<number, (r: RadioResponse) => void>();
  private readonly eventWaiters: Array<{
    test: (e: RadioEvent) => boolean;
    resolve: (e: RadioEvent) => void;
  }> = [];
  private readonly splitter = new LineSplitter();

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      for (const line of this.splitter.push(chunk)) this.onLine(line);
    });
  }

  static open(port: number): Promise<RadioTestClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ host: '127.0.0.1', port }, () => resolve(new RadioTestClient(s)));
      s.once('error', reject);
    });
  }

  request(body: RequestBody): Promise<RadioResponse> {
    const id = this.nextId++;
    return this.requestWithId(id, { ...body, id } as RadioRequest);
  }

  requestWithId(id: number, message: unknown): Promise<RadioResponse> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no response to id ${id}`)), 5000);
      this.pending.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.socket.write(`${JSON.stringify(message)}\n`);
    });
  }

  /** Writes raw text as-is (malformed-input tests). */
  sendRaw(text: string | Buffer): void {
    this.socket.write(text);
  }

  /** Resolves with the first event (already received or future) that matches. */
  waitForEvent(test: (e: RadioEvent) => boolean, timeoutMs = 5000, fromIndex = 0): Promise<RadioEvent> {
    const seen = this.events.slice(fromIndex).find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for an event')), timeoutMs);
      this.eventWaiters.push({
        test,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.end();
    });
  }

  private onLine(line: string): void {
    const parsed = parseRadioMessage(line);
    if (!parsed.ok) throw new Error(`radio sent an invalid line: ${line}`);
    if (parsed.value.kind === 'response') {
      const r = parsed.value.response;
      this.responses.push(r);
      this.pending.get(r.id)?.(r);
      this.pending.delete(r.id);
      return;
    }
    const e = parsed.value.event;
    this.events.push(e);
    for (let i = this.eventWaiters.length - 1; i >= 0; i--) {
      const w = this.eventWaiters[i];
      if (w?.test(e)) {
        this.eventWaiters.splice(i, 1);
        w.resolve(e);
      }
    }
  }
}
