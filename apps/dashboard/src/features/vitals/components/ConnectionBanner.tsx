import type { ConnectionStatus } from '../utils/vitals-state';

const TEXT: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
};

/** Live-connection state as text plus a shaped marker (never colour alone). */
export function ConnectionBanner({ status }: { status: ConnectionStatus }) {
  return (
    <div
      className={`connection connection--${status}`}
      role="status"
      data-testid="connection-banner"
      data-state={status}
    >
      <span className="connection__marker" aria-hidden="true" />
      {TEXT[status]}
    </div>
  );
}
