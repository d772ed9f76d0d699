import type { AppConfig } from '../config/app-config';
import { createApiClient } from '../lib/api-client';
import { createSocketIoConnector } from '../lib/live-socket';
import type { Services } from '../lib/services';

/** The real adapters: window.fetch, socket.io-client, sessionStorage and the wall clock. */
export function createBrowserServices(config: AppConfig): Services {
  return {
    config,
    // Called through a wrapper: fetch invoked as a method of another object throws "Illegal invocation".
    api: createApiClient(config.apiBaseUrl, (input, init) => window.fetch(input, init)),
    connectLive: createSocketIoConnector(config.apiBaseUrl),
    storage: window.sessionStorage,
    now: () => Date.now(),
  };
}
