/** Shown instead of the app when the configuration is invalid, naming the bad setting. */
export function ConfigError({ problem }: { problem: string }) {
  return (
    <main className="sign-in">
      <div className="sign-in__form" role="alert">
        <h1 className="sign-in__title">OpenWard cannot start</h1>
        <p>Configuration error: {problem}</p>
      </div>
    </main>
  );
}
