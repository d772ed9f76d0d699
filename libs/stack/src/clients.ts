import { io, type Socket } from 'socket.io-client';
import {
  LIVE_EVENTS,
  LIVE_NAMESPACE,
  loginResponseSchema,
  subscribeAckSchema,
  vitalEventSchema,
  type LoginResponse,
  type SubscribeAck,
  type VitalEvent,
} from '@openward/contracts';

/** Thin HTTP/socket clients of the running platform, as a dashboard or an operator would use it. */

async function json(res: Response): Promise<unknown> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${res.status} ${res.url}: not JSON: ${text.slice(0, 200)}`);
  }
}

export async function login(apiUrl: string, username: string, password: string): Promise<LoginResponse> {
  const res = await fetch(`${apiUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login ${username}: HTTP ${res.status}`);
  return loginResponseSchema.parse(await json(res));
}

export async function getJson(url: string, token?: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: await json(res) };
}

/** Opens the authenticated live socket and resolves once connected. */
export function connectLive(apiUrl: string, token: string): Promise<Socket> {
  const socket = io(`${apiUrl}${LIVE_NAMESPACE}`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: true,
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('live socket did not connect within 10 s')), 10_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (e) => {
      clearTimeout(timer);
      socket.close();
      reject(e);
    });
  });
}

export async function subscribe(socket: Socket, patientId: string): Promise<SubscribeAck> {
  const ack: unknown = await socket.timeout(10_000).emitWithAck(LIVE_EVENTS.subscribe, { patientId });
  return subscribeAckSchema.parse(ack);
}

/** Resolves with the first `vital` event matching `match`. */
export function nextVital(
  socket: Socket,
  match: (v: VitalEvent) => boolean,
  timeoutMs = 10_000,
): Promise<VitalEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(LIVE_EVENTS.vital, on);
      reject(new Error(`no matching vital event within ${timeoutMs} ms`));
    }, timeoutMs);
    const on = (raw: unknown): void => {
      const parsed = vitalEventSchema.safeParse(raw);
      if (parsed.success && match(parsed.data)) {
        clearTimeout(timer);
        socket.off(LIVE_EVENTS.vital, on);
        resolve(parsed.data);
      }
    };
    socket.on(LIVE_EVENTS.vital, on);
  });
}

export function heartRateOf(v: VitalEvent): number | undefined {
  return v.measurements.find((m) => m.metric === 'heart-rate')?.value;
}

/** firmware-sim control endpoint: emit one heart-rate notification now. */
export async function simNotify(
  controlUrl: string,
  address: string,
  heartRate: number,
): Promise<{ emittedAt: number; hex: string }> {
  const res = await fetch(`${controlUrl}/devices/${address}/notify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ heartRate }),
  });
  if (!res.ok) throw new Error(`sim notify ${address}: HTTP ${res.status} ${await res.text()}`);
  return (await json(res)) as { emittedAt: number; hex: string };
}

/** firmware-sim control endpoint: pause/resume a device's automatic notifications. */
export async function simAuto(controlUrl: string, address: string, on: boolean): Promise<void> {
  const res = await fetch(`${controlUrl}/devices/${address}/auto`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ on }),
  });
  if (!res.ok) throw new Error(`sim auto ${address}: HTTP ${res.status}`);
}
