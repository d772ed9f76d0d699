/** Minimal view of the express request/response the middleware touches. */
interface HeaderRequest {
  path: string;
}
interface HeaderResponse {
  setHeader(name: string, value: string): unknown;
}
type Next = () => void;

export interface SecurityHeaderOptions {
  /** Send Strict-Transport-Security: only when the API is reached over HTTPS (`API_HSTS=true`). */
  readonly hsts: boolean;
}

/** The dashboard's policy: own scripts and styles, live updates over ws(s), chart/video blobs, no framing. */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "connect-src 'self' ws: wss:",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Swagger UI (`/api/docs`) ships an inline <style> block and data: icons; it loads nothing else inline. */
export const DOCS_CSP = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Paths whose responses may carry PHI or tokens: never stored by a browser or proxy cache. */
export function isNoStorePath(path: string): boolean {
  return /^\/(api|fhir|internal)(\/|$)/.test(path);
}

/** The security headers of a response to `path`. Pure. */
export function securityHeaders(path: string, opts: SecurityHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Security-Policy': /^\/api\/docs(\/|$)/.test(path) ? DOCS_CSP : DASHBOARD_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    // Video consults need the camera and microphone on our own origin; nothing else gets devices.
    'Permissions-Policy': 'camera=(self), microphone=(self), geolocation=(), payment=(), usb=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
  if (opts.hsts) headers['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains';
  if (isNoStorePath(path)) headers['Cache-Control'] = 'no-store';
  return headers;
}

/** Express middleware setting {@link securityHeaders} on every response (handlers may still override). */
export function securityHeadersMiddleware(opts: SecurityHeaderOptions) {
  return (req: HeaderRequest, res: HeaderResponse, next: Next): void => {
    for (const [name, value] of Object.entries(securityHeaders(req.path, opts))) res.setHeader(name, value);
    next();
  };
}
