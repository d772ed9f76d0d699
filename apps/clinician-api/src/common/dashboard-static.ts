import type { NestExpressApplication } from '@nestjs/platform-express';

interface SpaRequest {
  method: string;
  path: string;
}
interface SpaResponse {
  sendFile(path: string, options: { root: string }, cb: (err?: Error) => void): void;
}
type Next = (err?: unknown) => void;

/**
 * Paths the SPA fallback must never answer: the API (problem+json 404s), FHIR (OperationOutcome; an EHR must
 * never get the dashboard's HTML), the internal service routes (the registry feed: an HTML page there would
 * reach ingest as a "registry") and socket.io.
 */
export function isSpaPath(method: string, path: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  return !(
    path === '/api' ||
    path.startsWith('/api/') ||
    path === '/fhir' ||
    path.startsWith('/fhir/') ||
    path === '/internal' ||
    path.startsWith('/internal/') ||
    path === '/socket.io' ||
    path.startsWith('/socket.io/')
  );
}

/**
 * Serves the built dashboard at `/`, with `index.html` for client-side routes. Registered before Nest's
 * routes; API and socket.io paths fall through untouched.
 */
export function mountDashboard(app: NestExpressApplication, dir: string): void {
  app.useStaticAssets(dir, { index: 'index.html', fallthrough: true, maxAge: 0 });
  app.use((req: SpaRequest, res: SpaResponse, next: Next) => {
    if (!isSpaPath(req.method, req.path)) return next();
    // `root` keeps send's dotfile check on the relative name only (the dir itself may be dotted).
    res.sendFile('index.html', { root: dir }, (err) => (err ? next() : undefined));
  });
}
