import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayDeviceStatus } from '@openward/contracts';
import type { GatewayMetrics } from './metrics.js';

/** What /health reports; each field comes from the component that owns it. */
export interface HealthSnapshot {
  status: 'ok' | 'degraded';
  gatewayId: string;
  mqtt: { connected: boolean; inFlight: number };
  radio: { state: string };
  devices: { connected: number; known: number; missing: number; list: GatewayDeviceStatus[] };
  journal: { depth: number; oldestAgeSeconds: number };
  /** Version of the applied server config (retained config topic), null before one arrived. */
  configVersion: number | null;
}

export interface HttpDeps {
  metrics: GatewayMetrics;
  health: () => HealthSnapshot;
  /** Refreshes gauges that are sampled rather than pushed (journal depth/age) before a scrape. */
  beforeScrape: () => void;
}

/**
 * GET /health (JSON; 200 when MQTT and radio are up, 503 otherwise, so a supervisor can alert) and
 * GET /metrics (Prometheus text). Nothing else; no PHI.
 */
export function createHttpServer(deps: HttpDeps): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET' }).end();
      return;
    }
    if (path === '/health') {
      const body = deps.health();
      res
        .writeHead(body.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify(body));
      return;
    }
    if (path === '/metrics') {
      deps.beforeScrape();
      deps.metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': deps.metrics.registry.contentType }).end(text),
        (e: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(e)),
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not found' }));
  });
}

/** Listens and resolves with the bound port (port 0 = pick a free one). */
export function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
