import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { Logger } from 'pino';
import type { IngestMetrics } from '../metrics.js';
import type { TlsMaterial } from './tls-material.js';

/** TLS handshakes that take longer are dropped (a slow or silent client holds a socket for nothing). */
const TLS_HANDSHAKE_TIMEOUT_MS = 10_000;

export interface ListenerOptions {
  /** Plain MQTT over TCP; null = disabled (`INGEST_MQTT_PORT=off`). */
  plain: { host: string; port: number } | null;
  /** MQTT over TLS (DESIGN.md §13.1); null = none. */
  tls: { host: string; port: number; material: TlsMaterial } | null;
  /** Every accepted connection (after the TLS handshake on the TLS listener). */
  onSocket: (socket: Socket) => void;
  metrics: Pick<IngestMetrics, 'tlsHandshakeFailures'>;
  logger: Logger;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

const portOf = (server: Server | null): number => {
  const a = server?.address();
  return typeof a === 'object' && a ? a.port : 0;
};

/**
 * The broker's listeners: plain TCP and/or TLS, both handing their sockets to the same frame guard and aedes
 * (DESIGN.md §13.1), so authentication, ACL, limits and the write path are identical on both.
 */
export class MqttListeners {
  private constructor(
    private readonly plain: Server | null,
    private readonly tls: Server | null,
  ) {}

  static async open(opts: ListenerOptions): Promise<MqttListeners> {
    const plain = opts.plain ? createServer(opts.onSocket) : null;
    const tls = opts.tls
      ? createTlsServer(
          {
            cert: opts.tls.material.cert,
            key: opts.tls.material.key,
            minVersion: 'TLSv1.2',
            handshakeTimeout: TLS_HANDSHAKE_TIMEOUT_MS,
          },
          opts.onSocket,
        )
      : null;
    tls?.on('tlsClientError', (err, socket) => {
      opts.metrics.tlsHandshakeFailures.inc();
      opts.logger.debug({ remote: socket.remoteAddress, err: err.message }, 'TLS handshake failed');
    });
    const listeners = new MqttListeners(plain, tls);
    try {
      if (plain && opts.plain) await listen(plain, opts.plain.port, opts.plain.host);
      if (tls && opts.tls) await listen(tls, opts.tls.port, opts.tls.host);
    } catch (e) {
      listeners.close();
      throw e;
    }
    return listeners;
  }

  /** Port of the plain listener; 0 when disabled. */
  get plainPort(): number {
    return portOf(this.plain);
  }

  /** Port of the TLS listener; 0 when not configured. */
  get tlsPort(): number {
    return portOf(this.tls);
  }

  /** Stops accepting connections (open ones stay until the broker closes them). */
  close(): void {
    for (const s of [this.plain, this.tls]) if (s?.listening) s.close();
  }
}
