import { createApiClient } from '../lib/api-client';
import type { Services } from '../lib/services';
import { createFakeFetch, FakeLiveSocket, type FakeFetch } from './fake-network';

/** In-memory Storage for tests (the session store port). */
export class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

export interface TestServices {
  services: Services;
  network: FakeFetch;
  storage: MemoryStorage;
  /** Sockets opened by the app, newest last. */
  sockets: FakeLiveSocket[];
}

/** Real API client over a fake fetch, fake socket connector, in-memory storage, the (fakeable) Date clock. */
export function createTestServices(staleAfterMs = 15_000): TestServices {
  const network = createFakeFetch();
  const storage = new MemoryStorage();
  const sockets: FakeLiveSocket[] = [];
  const services: Services = {
    config: { apiBaseUrl: '', staleAfterMs },
    api: createApiClient('', network.fetch),
    connectLive: (token) => {
      const socket = new FakeLiveSocket(token);
      sockets.push(socket);
      return socket;
    },
    storage,
    now: () => Date.now(),
  };
  return { services, network, storage, sockets };
}
