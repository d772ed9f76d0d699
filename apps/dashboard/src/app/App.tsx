import { useCallback } from 'react';
import { SignInForm } from '../features/auth/components/SignInForm';
import { SignOutButton } from '../features/auth/components/SignOutButton';
import { useSession } from '../features/auth/hooks/use-session';
import { VitalsBoard } from '../features/vitals/components/VitalsBoard';
import { ServicesProvider, type Services } from '../lib/services';

/** Root: the sign-in form, or the header and the live board for the signed-in user. */
export function App({ services }: { services: Services }) {
  return (
    <ServicesProvider services={services}>
      <Shell />
    </ServicesProvider>
  );
}

function Shell() {
  const { session, signedOutReason, signIn, signOut } = useSession();
  const onUnauthorized = useCallback(() => signOut('rejected'), [signOut]);

  return (
    <div className="app">
      <header className="app-header">
        <span className="app-header__brand">OpenWard</span>
        {session && (
          <div className="app-header__user">
            <span data-testid="signed-in-user">
              {session.user.displayName} <span className="app-header__role">({session.user.role})</span>
            </span>
            <SignOutButton onSignOut={() => signOut('user')} />
          </div>
        )}
      </header>
      {session ? (
        <main className="app-main">
          {/* Keyed by token: a new sign-in starts a fresh board and connection. */}
          <VitalsBoard
            key={session.accessToken}
            token={session.accessToken}
            onUnauthorized={onUnauthorized}
          />
        </main>
      ) : (
        <SignInForm onSignedIn={signIn} signedOutReason={signedOutReason} />
      )}
    </div>
  );
}
