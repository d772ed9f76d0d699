import { useState, type FormEvent } from 'react';
import type { LoginResponse } from '@openward/contracts';
import { ApiError } from '../../../lib/api-client';
import { useServices } from '../../../lib/services';
import { login } from '../api/login';
import type { SignOutReason } from '../hooks/use-session';

const NOTICES: Record<SignOutReason, string | null> = {
  user: 'You have signed out.',
  expired: 'Your session expired. Please sign in again.',
  rejected: 'Your session is no longer valid. Please sign in again.',
};

export interface SignInFormProps {
  onSignedIn(session: LoginResponse): void;
  signedOutReason?: SignOutReason | null;
}

/** Username/password sign-in against `POST /api/auth/login`. */
export function SignInForm({ onSignedIn, signedOutReason = null }: SignInFormProps) {
  const { api } = useServices();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  async function handleSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSubmitting(true);
    setError(null);
    try {
      const session = await login(api, { username: username.trim(), password });
      onSignedIn(session);
    } catch (err) {
      setError(messageFor(err));
      setSubmitting(false);
    }
  }

  const notice = signedOutReason ? NOTICES[signedOutReason] : null;

  return (
    <main className="sign-in">
      <form className="sign-in__form" onSubmit={handleSubmit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title" className="sign-in__title">
          Sign in to OpenWard
        </h1>
        {notice && !error && (
          <p className="notice" role="status" data-testid="sign-in-notice">
            {notice}
          </p>
        )}
        {error && (
          <p className="notice notice--error" role="alert" data-testid="sign-in-error">
            {error}
          </p>
        )}
        <label htmlFor="username">Username</label>
        <input
          id="username"
          name="username"
          autoComplete="username"
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button type="submit" className="button button--primary" disabled={submitting}>
          Sign in
        </button>
      </form>
    </main>
  );
}

function messageFor(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 401) return 'Wrong username or password';
    if (err.kind === 'network')
      return 'Cannot reach the OpenWard server. Check the connection and try again.';
    return `Sign-in failed: ${err.message}`;
  }
  return 'Sign-in failed. Please try again.';
}
