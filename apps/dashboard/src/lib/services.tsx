import { createContext, useContext, type ReactNode } from 'react';
import type { AppConfig } from '../config/app-config';
import type { ApiClient } from './api-client';
import type { ConnectLive } from './live-socket';

/** Key/value storage port (window.sessionStorage in the browser). */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The side-effecting ports the features use, created once in src/app and replaceable in tests. */
export interface Services {
  config: AppConfig;
  api: ApiClient;
  connectLive: ConnectLive;
  storage: KeyValueStore;
  /** Wall clock in epoch ms. */
  now: () => number;
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

/** The services of the nearest provider; throws if rendered outside one (a wiring bug). */
export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices() outside <ServicesProvider>');
  return services;
}
