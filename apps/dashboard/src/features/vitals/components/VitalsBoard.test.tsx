import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import type { LatestVitalsResponse } from '@openward/contracts';
import { ServicesProvider } from '../../../lib/services';
import { advance, serverSide, waitUntil } from '../../../test/async';
import {
  latestVitals,
  NURSE_LOGIN,
  PATIENTS,
  patientPage,
  problem,
  T0,
  vitalEvent,
} from '../../../test/fixtures';
import { createTestServices } from '../../../test/services';
import { VitalsBoard } from './VitalsBoard';

const TOKEN = NURSE_LOGIN.accessToken;

function defaultLatest(): Record<string, LatestVitalsResponse> {
  return {
    'p-1001': latestVitals('p-1001', { bpm: 72, rrMs: 833, measuredAtMs: T0 }),
    'p-1002': latestVitals('p-1002', { bpm: 64, measuredAtMs: T0 + 2_000 }),
    'p-1003': latestVitals('p-1003'),
  };
}

async function renderBoard(
  options: { staleAfterMs?: number; latest?: Record<string, LatestVitalsResponse> } = {},
) {
  const t = createTestServices(options.staleAfterMs);
  const latest = options.latest ?? defaultLatest();
  t.network.route('GET /api/patients', { status: 200, body: patientPage(PATIENTS) });
  for (const p of PATIENTS)
    t.network.route(`GET /api/patients/${p.id}/vitals/latest`, { status: 200, body: latest[p.id] });
  const onUnauthorized = vi.fn();
  const view = render(
    <ServicesProvider services={t.services}>
      <VitalsBoard token={TOKEN} onUnauthorized={onUnauthorized} />
    </ServicesProvider>,
  );
  await waitUntil(() => t.sockets.length === 1, 'socket opened');
  const socket = t.sockets[0];
  if (!socket) throw new Error('no socket');
  return { ...t, socket, onUnauthorized, view };
}

const tile = (id: string) => screen.getByTestId(`vital-tile-${id}`);
const hrValue = (id: string) => within(tile(id)).getByTestId('hr-value').textContent;
const hrAge = (id: string) => within(tile(id)).getByTestId('hr-age').textContent;
const latestRequests = (requests: { path: string }[]) =>
  requests.filter((r) => r.path.endsWith('/vitals/latest')).length;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0 + 5_000);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('VitalsBoard', () => {
  it('renders one tile per patient with name, heart rate, unit, RR interval and age from measuredAt', async () => {
    const { network } = await renderBoard();

    expect(network.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/patients',
      'GET /api/patients/p-1001/vitals/latest',
      'GET /api/patients/p-1002/vitals/latest',
      'GET /api/patients/p-1003/vitals/latest',
    ]);
    expect(network.requests.every((r) => r.headers['Authorization'] === `Bearer ${TOKEN}`)).toBe(true);

    const ada = tile('p-1001');
    expect(ada.getAttribute('data-state')).toBe('fresh');
    expect(within(ada).getByRole('heading').textContent).toBe('Ada Example');
    expect(hrValue('p-1001')).toBe('72 bpm');
    expect(within(ada).getByTitle('beats per minute (UCUM /min)').textContent).toBe('bpm');
    expect(within(ada).getByTestId('rr-value').textContent).toBe('RR interval 833 ms');
    expect(hrAge('p-1001')).toBe('updated 5 s ago');
    expect(hrAge('p-1002')).toBe('updated 3 s ago');
    expect(within(tile('p-1002')).queryByTestId('rr-value')).toBeNull();

    const cleo = tile('p-1003');
    expect(cleo.getAttribute('data-state')).toBe('nodata');
    expect(hrAge('p-1003')).toBe('No data yet');
    expect(hrValue('p-1003')).toBe('— bpm');
  });

  it('connects with the token, subscribes every patient with ack, shows Live and catches up', async () => {
    const { socket, network } = await renderBoard();
    expect(socket.token).toBe(TOKEN);
    expect(screen.getByRole('status').textContent).toBe('Connecting…');

    await serverSide(() => socket.serverEmit('connect'));
    await waitUntil(() => latestRequests(network.requests) === 6, 'catch-up fetch after subscribing');

    expect(socket.subscriptions()).toEqual(['p-1001', 'p-1002', 'p-1003']);
    expect(screen.getByTestId('connection-banner').textContent).toBe('Live');
    expect(screen.getByTestId('connection-banner').getAttribute('data-state')).toBe('live');
  });

  it('updates the tile when a vital event arrives', async () => {
    const { socket } = await renderBoard();
    await serverSide(() => socket.serverEmit('connect'));

    await serverSide(() =>
      socket.serverEmit(
        'vital',
        vitalEvent('p-1002', { bpm: 97, rrMs: [640, 618], measuredAtMs: T0 + 4_000 }),
      ),
    );

    expect(hrValue('p-1002')).toBe('97 bpm');
    expect(within(tile('p-1002')).getByTestId('rr-value').textContent).toBe('RR interval 618 ms');
    expect(hrAge('p-1002')).toBe('updated 1 s ago');
    expect(tile('p-1002').getAttribute('data-measured-at')).toBe('2026-03-01T10:00:04.000Z');
  });

  it('re-renders the age every second', async () => {
    await renderBoard();
    await advance(1_000);
    expect(hrAge('p-1001')).toBe('updated 6 s ago');
    await advance(3_000);
    expect(hrAge('p-1001')).toBe('updated 9 s ago');
  });

  it('turns a tile stale after the threshold, visibly without colour, announces it, and recovers', async () => {
    const { socket } = await renderBoard({ staleAfterMs: 15_000 });
    await serverSide(() => socket.serverEmit('connect'));
    // Keep Ben fresh so only Ada changes.
    await serverSide(() =>
      socket.serverEmit('vital', vitalEvent('p-1002', { bpm: 66, measuredAtMs: T0 + 14_000 })),
    );

    await advance(10_000); // Ada's reading is now exactly 15 s old: not yet stale.
    expect(tile('p-1001').getAttribute('data-state')).toBe('fresh');
    expect(within(tile('p-1001')).queryByTestId('stale-badge')).toBeNull();
    expect(screen.getByTestId('stale-announcer').textContent).toBe('');

    await advance(1_000);
    expect(tile('p-1001').getAttribute('data-state')).toBe('stale');
    const badge = within(tile('p-1001')).getByTestId('stale-badge');
    expect(badge.textContent).toBe('STALE — last reading 16 s ago');
    expect(within(badge).getByRole('img', { name: 'Warning: stale data' })).toBeTruthy();
    expect(hrValue('p-1001')).toBe('72 bpm'); // the last value stays visible, dimmed and struck through
    expect(screen.getByTestId('stale-announcer').textContent).toBe(
      'Ada Example: heart rate stale, last reading 16 s ago.',
    );

    await advance(29_000);
    expect(within(tile('p-1001')).getByTestId('stale-badge').textContent).toBe(
      'STALE — last reading 45 s ago',
    );
    expect(hrAge('p-1001')).toBe('updated 45 s ago');

    await serverSide(() =>
      socket.serverEmit('vital', vitalEvent('p-1001', { bpm: 75, measuredAtMs: T0 + 49_500 })),
    );
    expect(tile('p-1001').getAttribute('data-state')).toBe('fresh');
    expect(within(tile('p-1001')).queryByTestId('stale-badge')).toBeNull();
    expect(hrAge('p-1001')).toBe('updated 0 s ago');
    expect(screen.getByTestId('stale-announcer').textContent).toContain(
      'Ada Example: heart rate live again.',
    );
  });

  it('ignores an out-of-order event: value and age never move backwards', async () => {
    const { socket } = await renderBoard();
    await serverSide(() => socket.serverEmit('connect'));
    await serverSide(() =>
      socket.serverEmit('vital', vitalEvent('p-1001', { bpm: 80, measuredAtMs: T0 + 4_000 })),
    );
    expect(hrAge('p-1001')).toBe('updated 1 s ago');

    await serverSide(() =>
      socket.serverEmit('vital', vitalEvent('p-1001', { bpm: 50, measuredAtMs: T0 + 1_000 })),
    );

    expect(hrValue('p-1001')).toBe('80 bpm');
    expect(hrAge('p-1001')).toBe('updated 1 s ago');
  });

  it('ignores a malformed vital event', async () => {
    const { socket } = await renderBoard();
    const bad = {
      ...vitalEvent('p-1001', { bpm: 99, measuredAtMs: T0 + 4_000 }),
      measurements: [{ metric: 'heart-rate', value: 99, unit: 'bpm' }],
    };
    await serverSide(() => socket.serverEmit('vital', bad));
    expect(hrValue('p-1001')).toBe('72 bpm');
  });

  it('shows Reconnecting… on disconnect, then re-subscribes and fetches what was stored meanwhile', async () => {
    const { socket, network } = await renderBoard();
    await serverSide(() => socket.serverEmit('connect'));
    await waitUntil(() => latestRequests(network.requests) === 6, 'first catch-up');

    await serverSide(() => socket.serverEmit('disconnect', 'transport close'));
    const banner = screen.getByRole('status');
    expect(banner.textContent).toBe('Reconnecting…');
    expect(banner.getAttribute('data-state')).toBe('reconnecting');

    // While the browser was offline the API stored a newer reading for Ada.
    await advance(20_000);
    network.route('GET /api/patients/p-1001/vitals/latest', {
      status: 200,
      body: latestVitals('p-1001', { bpm: 68, rrMs: 880, measuredAtMs: T0 + 24_000 }),
    });
    await serverSide(() => socket.serverEmit('connect'));
    await waitUntil(() => latestRequests(network.requests) === 9, 'catch-up after reconnect');

    expect(socket.subscriptions()).toEqual(['p-1001', 'p-1002', 'p-1003', 'p-1001', 'p-1002', 'p-1003']);
    expect(screen.getByRole('status').textContent).toBe('Live');
    expect(hrValue('p-1001')).toBe('68 bpm');
    expect(hrAge('p-1001')).toBe('updated 1 s ago');
  });

  it('asks socket.io to reconnect after a server-side disconnect', async () => {
    const { socket } = await renderBoard();
    await serverSide(() => socket.serverEmit('connect'));
    await serverSide(() => socket.serverEmit('disconnect', 'io server disconnect'));
    expect(socket.connectCalls).toBe(0);
    await advance(2_000);
    expect(socket.connectCalls).toBe(1);
  });

  it('marks a patient whose subscription the server refused', async () => {
    const { socket } = await renderBoard();
    socket.ackFor = (_event, payload) =>
      (payload as { patientId: string }).patientId === 'p-1003'
        ? { ok: false, code: 'FORBIDDEN' }
        : { ok: true };
    await serverSide(() => socket.serverEmit('connect'));
    await waitUntil(() => within(tile('p-1003')).queryByTestId('live-unavailable') !== null, 'refusal shown');
    expect(within(tile('p-1003')).getByTestId('live-unavailable').textContent).toBe(
      'Live updates unavailable (FORBIDDEN)',
    );
    expect(within(tile('p-1001')).queryByTestId('live-unavailable')).toBeNull();
  });

  it('closes the socket when unmounted', async () => {
    const { socket, view } = await renderBoard();
    view.unmount();
    expect(socket.clientDisconnected).toBe(true);
  });

  it('reports a rejected token instead of rendering tiles', async () => {
    const t = createTestServices();
    t.network.route('GET /api/patients', {
      status: 401,
      body: problem(401, 'UNAUTHENTICATED', 'Unauthorized'),
    });
    const onUnauthorized = vi.fn();
    render(
      <ServicesProvider services={t.services}>
        <VitalsBoard token={TOKEN} onUnauthorized={onUnauthorized} />
      </ServicesProvider>,
    );
    await waitUntil(() => onUnauthorized.mock.calls.length === 1, 'onUnauthorized called');
    expect(t.sockets).toHaveLength(0);
  });

  it('shows the problem title when patients cannot be loaded, and retries', async () => {
    const t = createTestServices();
    t.network.route('GET /api/patients', {
      status: 503,
      body: problem(503, 'INGEST_UNAVAILABLE', 'Vitals store unavailable'),
    });
    render(
      <ServicesProvider services={t.services}>
        <VitalsBoard token={TOKEN} onUnauthorized={vi.fn()} />
      </ServicesProvider>,
    );
    await waitUntil(() => screen.queryByRole('alert') !== null, 'error shown');
    expect(screen.getByRole('alert').textContent).toContain(
      'Could not load patients: Vitals store unavailable',
    );

    t.network.route('GET /api/patients', { status: 200, body: patientPage(PATIENTS.slice(0, 1)) });
    t.network.route('GET /api/patients/p-1001/vitals/latest', { status: 200, body: latestVitals('p-1001') });
    await serverSide(() => screen.getByRole('button', { name: 'Try again' }).click());
    await waitUntil(() => screen.queryByTestId('vital-tile-p-1001') !== null, 'tile after retry');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
