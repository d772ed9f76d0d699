import { io } from 'socket.io-client';
import { LIVE_NAMESPACE } from '@openward/contracts';

/**
 * Port for the live push connection (socket.io namespace `/live`). Features depend on this interface only;
 * the adapter below wraps socket.io-client, tests pass a fake that implements the same methods.
 */
export type LiveListener = (...args: unknown[]) => void;

export interface LiveSocket {
  on(event: string, listener: LiveListener): void;
  off(event: string, listener: LiveListener): void;
  emit(event: string, payload: unknown, ack?: (response: unknown) => void): void;
  /** Re-opens a connection the server closed (socket.io does not retry after a server-side disconnect). */
  connect(): void;
  disconnect(): void;
}

/** Opens a live connection authenticated with the access token. */
export type ConnectLive = (token: string) => LiveSocket;

/** socket.io-client adapter: websocket only, path `/socket.io`, handshake `auth: { token }`. */
export function createSocketIoConnector(apiBaseUrl: string): ConnectLive {
  return (token) => {
    const socket = io(`${apiBaseUrl}${LIVE_NAMESPACE}`, {
      path: '/socket.io',
      auth: { token },
      transports: ['websocket'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
    });
    return {
      on: (event, listener) => {
        socket.on(event, listener);
      },
      off: (event, listener) => {
        socket.off(event, listener);
      },
      emit: (event, payload, ack) => {
        if (ack) socket.emit(event, payload, ack);
        else socket.emit(event, payload);
      },
      connect: () => {
        socket.connect();
      },
      disconnect: () => {
        socket.disconnect();
      },
    };
  };
}
