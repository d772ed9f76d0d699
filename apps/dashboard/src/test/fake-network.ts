import type { FetchLike } from '../lib/api-client';
import type { LiveListener, LiveSocket } from '../lib/live-socket';

/**
 * Test doubles at the network boundary: a routed `fetch` answering real `Response` objects, and a socket
 * implementing the LiveSocket port whose "server side" the test drives (connect, disconnect, push events).
 */

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export type RouteReply = { status: number; body?: unknown; contentType?: string };
export type RouteHandler = (req: RecordedRequest) => RouteReply;

export interface FakeFetch {
  fetch: FetchLike;
  requests: RecordedRequest[];
  /** Sets (or replaces) the answer for `METHOD /path`. */
  route(key: string, handler: RouteHandler | RouteReply): void;
}

export function createFakeFetch(): FakeFetch {
  const routes = new Map<string, RouteHandler>();
  const requests: RecordedRequest[] = [];
  const fetch: FetchLike = async (input, init) => {
    const method = init.method ?? 'GET';
    const path = new URL(input, 'http://dashboard.test').pathname;
    const headers = { ...(init.headers as Record<string, string>) };
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const req: RecordedRequest = { method, path, headers, body };
    requests.push(req);
    const handler = routes.get(`${method} ${path}`);
    const reply: RouteReply = handler
      ? handler(req)
      : { status: 404, body: { type: 'about:blank', title: 'Not Found', status: 404, code: 'NOT_FOUND' } };
    const isProblem = reply.status >= 400;
    return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
      status: reply.status,
      headers: {
        'Content-Type': reply.contentType ?? (isProblem ? 'application/problem+json' : 'application/json'),
      },
    });
  };
  return {
    fetch,
    requests,
    route(key, handler) {
      routes.set(key, typeof handler === 'function' ? handler : () => handler);
    },
  };
}

export class FakeLiveSocket implements LiveSocket {
  private readonly listeners = new Map<string, Set<LiveListener>>();
  /** Everything the client emitted, in order. */
  readonly emitted: { event: string; payload: unknown }[] = [];
  /** The server's answer to an acknowledged emit. */
  ackFor: (event: string, payload: unknown) => unknown = () => ({ ok: true });
  clientDisconnected = false;
  connectCalls = 0;

  constructor(readonly token: string) {}

  on(event: string, listener: LiveListener): void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
  }

  off(event: string, listener: LiveListener): void {
    this.listeners.get(event)?.delete(listener);
  }

  emit(event: string, payload: unknown, ack?: (response: unknown) => void): void {
    this.emitted.push({ event, payload });
    // socket.io delivers acks asynchronously, after a network round trip.
    if (ack) {
      const response = this.ackFor(event, payload);
      void Promise.resolve().then(() => ack(response));
    }
  }

  connect(): void {
    this.connectCalls += 1;
  }

  disconnect(): void {
    this.clientDisconnected = true;
  }

  /** Server side: fire an event at the client's listeners. */
  serverEmit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args);
  }

  /** Patient ids the client subscribed to, in order. */
  subscriptions(): string[] {
    return this.emitted
      .filter((e) => e.event === 'subscribe')
      .map((e) => (e.payload as { patientId: string }).patientId);
  }
}
