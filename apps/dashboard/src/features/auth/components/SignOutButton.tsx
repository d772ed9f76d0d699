/** Ends the session on this device. */
export function SignOutButton({ onSignOut }: { onSignOut(): void }) {
  return (
    <button type="button" className="button" onClick={onSignOut}>
      Sign out
    </button>
  );
}
