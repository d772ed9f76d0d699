import { useCallback, useEffect, useState } from 'react';
import type { LoginResponse } from '@openward/contracts';
import { useServices, type KeyValueStore } from '../../../lib/services';
import { isExpired, msUntilExpiry, restoreSession, SESSION_STORAGE_KEY } from '../utils/session';

/** Why the user is looking at the sign-in form. */
export type SignOutReason = 'user' | 'expired' | 'rejected';

export interface SessionState {
  session: LoginResponse | null;
  /** Set after a sign-out, so the form can say why. */
  signedOutReason: SignOutReason | null;
  signIn(session: LoginResponse): void;
  signOut(reason?: SignOutReason): void;
}

// setTimeout holds at most a signed 32-bit delay; longer waits re-arm.
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The signed-in session: kept in memory and mirrored to sessionStorage (never localStorage), ended by the
 * user, by the token's `expiresAt`, or when the server rejects the token.
 */
export function useSession(): SessionState {
  const { storage, now } = useServices();
  const [session, setSession] = useState<LoginResponse | null>(() => restoreSession(safeGet(storage), now()));
  const [signedOutReason, setSignedOutReason] = useState<SignOutReason | null>(null);
  const [rearm, setRearm] = useState(0);

  const signIn = useCallback(
    (next: LoginResponse) => {
      safeSet(storage, JSON.stringify(next));
      setSession(next);
      setSignedOutReason(null);
    },
    [storage],
  );

  const signOut = useCallback(
    (reason: SignOutReason = 'user') => {
      safeRemove(storage);
      setSession(null);
      setSignedOutReason(reason);
    },
    [storage],
  );

  useEffect(() => {
    if (!session) return undefined;
    const remaining = msUntilExpiry(session, now());
    const id = setTimeout(
      () => {
        if (isExpired(session, now())) signOut('expired');
        else setRearm((n) => n + 1);
      },
      Math.min(Math.max(remaining, 0), MAX_TIMER_MS),
    );
    return () => clearTimeout(id);
  }, [session, now, signOut, rearm]);

  return { session, signedOutReason, signIn, signOut };
}

// Storage can throw (quota, disabled storage); the in-memory session still works without it.
function safeGet(storage: KeyValueStore): string | null {
  try {
    return storage.getItem(SESSION_STORAGE_KEY);
  } catch {
    return null;
  }
}
function safeSet(storage: KeyValueStore, value: string): void {
  try {
    storage.setItem(SESSION_STORAGE_KEY, value);
  } catch {
    /* memory only */
  }
}
function safeRemove(storage: KeyValueStore): void {
  try {
    storage.removeItem(SESSION_STORAGE_KEY);
  } catch {
    /* nothing stored */
  }
}
