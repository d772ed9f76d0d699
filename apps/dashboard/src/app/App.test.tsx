import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createApiClient } from '../lib/api-client';
import { SESSION_STORAGE_KEY } from '../features/auth/utils/session';
import { serverSide, advance, waitUntil } from '../test/async';
import { iso, latestVitals, NURSE_LOGIN, PATIENTS, patientPage, problem, T0 } from '../test/fixtures';
import { createTestServices, type TestServices } from '../test/services';
import { App } from './App';

function withApi(t: TestServices): TestServices {
  t.network.route('POST /api/auth/login', (req) => {
    const body = req.body as { username: string; password: string };
    return body.username === 'nurse' && body.password === 'nurse-demo-pass'
      ? { status: 200, body: NURSE_LOGIN }
      : { status: 401, body: problem(401, 'INVALID_CREDENTIALS', 'Invalid credentials') };
  });
  t.network.route('GET /api/patients', { status: 200, body: patientPage(PATIENTS.slice(0, 2)) });
  t.network.route('GET /api/patients/p-1001/vitals/latest', {
    status: 200,
    body: latestVitals('p-1001', { bpm: 72, measuredAtMs: T0 }),
  });
  t.network.route('GET /api/patients/p-1002/vitals/latest', { status: 200, body: latestVitals('p-1002') });
  return t;
}

async function signIn(username: string, password: string) {
  fireEvent.change(screen.getByLabelText('Username'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  await serverSide(() => fireEvent.click(screen.getByRole('button', { name: 'Sign in' })));
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0 + 5_000);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('App sign-in', () => {
  it('signs in, shows the user in the header, keeps the session in sessionStorage and loads the board', async () => {
    const t = withApi(createTestServices());
    render(<App services={t.services} />);
    expect(screen.getByText('OpenWard')).toBeTruthy();
    expect(document.getElementById('username')?.tagName).toBe('INPUT');
    expect(document.getElementById('password')?.getAttribute('type')).toBe('password');

    await signIn('nurse', 'nurse-demo-pass');
    await waitUntil(() => screen.queryByTestId('vital-tile-p-1001') !== null, 'board rendered');

    expect(t.network.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/auth/login',
      body: { username: 'nurse', password: 'nurse-demo-pass' },
    });
    expect(t.network.requests[0]?.headers).not.toHaveProperty('Authorization');
    expect(screen.getByTestId('signed-in-user').textContent).toBe('Nina Nurse (nurse)');
    expect(JSON.parse(t.storage.getItem(SESSION_STORAGE_KEY) ?? 'null')).toEqual(NURSE_LOGIN);
    expect(t.sockets[0]?.token).toBe(NURSE_LOGIN.accessToken);
    expect(screen.queryByLabelText('Password')).toBeNull();
  });

  it('says "Wrong username or password" on 401 and stays on the form', async () => {
    const t = withApi(createTestServices());
    render(<App services={t.services} />);

    await signIn('nurse', 'not-the-password');

    expect(screen.getByRole('alert').textContent).toBe('Wrong username or password');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(screen.queryByTestId('signed-in-user')).toBeNull();
    expect(t.storage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('explains when the server cannot be reached', async () => {
    const t = createTestServices();
    t.services.api = createApiClient('', () => Promise.reject(new TypeError('Failed to fetch')));
    render(<App services={t.services} />);
    await signIn('nurse', 'nurse-demo-pass');
    expect(screen.getByRole('alert').textContent).toContain('Cannot reach the OpenWard server');
  });

  it('restores an unexpired session after a reload without asking again', async () => {
    const t = withApi(createTestServices());
    t.storage.setItem(SESSION_STORAGE_KEY, JSON.stringify(NURSE_LOGIN));
    render(<App services={t.services} />);
    expect(screen.getByTestId('signed-in-user').textContent).toContain('Nina Nurse');
    await waitUntil(() => screen.queryByTestId('vital-tile-p-1001') !== null, 'board rendered');
  });

  it('signs out with the button: clears the session and closes the live connection', async () => {
    const t = withApi(createTestServices());
    t.storage.setItem(SESSION_STORAGE_KEY, JSON.stringify(NURSE_LOGIN));
    render(<App services={t.services} />);
    await waitUntil(() => t.sockets.length === 1, 'socket opened');

    await serverSide(() => fireEvent.click(screen.getByRole('button', { name: 'Sign out' })));

    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(screen.getByTestId('sign-in-notice').textContent).toBe('You have signed out.');
    expect(t.storage.getItem(SESSION_STORAGE_KEY)).toBeNull();
    expect(t.sockets[0]?.clientDisconnected).toBe(true);
  });

  it('signs out automatically when the token expires', async () => {
    const t = withApi(createTestServices());
    t.network.route('POST /api/auth/login', {
      status: 200,
      body: { ...NURSE_LOGIN, expiresAt: iso(T0 + 65_000) },
    });
    render(<App services={t.services} />);
    await signIn('nurse', 'nurse-demo-pass');
    await waitUntil(() => t.sockets.length === 1, 'socket opened');

    await advance(59_000);
    expect(screen.getByTestId('signed-in-user')).toBeTruthy();
    await advance(1_000);

    expect(screen.queryByTestId('signed-in-user')).toBeNull();
    expect(screen.getByTestId('sign-in-notice').textContent).toBe(
      'Your session expired. Please sign in again.',
    );
    expect(t.storage.getItem(SESSION_STORAGE_KEY)).toBeNull();
    expect(t.sockets[0]?.clientDisconnected).toBe(true);
  });

  it('does not restore an expired session', () => {
    const t = withApi(createTestServices());
    t.storage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ ...NURSE_LOGIN, expiresAt: iso(T0) }));
    render(<App services={t.services} />);
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  it('signs out when the API rejects the token', async () => {
    const t = withApi(createTestServices());
    t.network.route('GET /api/patients', {
      status: 401,
      body: problem(401, 'UNAUTHENTICATED', 'Unauthorized'),
    });
    t.storage.setItem(SESSION_STORAGE_KEY, JSON.stringify(NURSE_LOGIN));
    render(<App services={t.services} />);
    await waitUntil(() => screen.queryByTestId('sign-in-notice') !== null, 'signed out');
    expect(screen.getByTestId('sign-in-notice').textContent).toBe(
      'Your session is no longer valid. Please sign in again.',
    );
    expect(t.storage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });
});
