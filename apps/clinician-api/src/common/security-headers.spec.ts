import { describe, expect, it } from '@jest/globals';
import { DASHBOARD_CSP, DOCS_CSP, isNoStorePath, securityHeaders } from './security-headers.js';

describe('securityHeaders', () => {
  it('sends the dashboard CSP, nosniff, no-referrer, DENY framing and self-only camera/microphone', () => {
    expect(securityHeaders('/', { hsts: false })).toEqual({
      'Content-Security-Policy': DASHBOARD_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Permissions-Policy': 'camera=(self), microphone=(self), geolocation=(), payment=(), usb=()',
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
    expect(DASHBOARD_CSP).toBe(
      "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:; media-src 'self' blob:; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    );
  });

  it('forbids caching of API, FHIR and internal responses (PHI), not of dashboard assets', () => {
    for (const p of ['/api', '/api/patients', '/fhir/R4/Patient', '/internal/v1/registry']) {
      expect(securityHeaders(p, { hsts: false })['Cache-Control']).toBe('no-store');
    }
    expect(isNoStorePath('/assets/app.js')).toBe(false);
    expect(isNoStorePath('/apix')).toBe(false);
  });

  it('sends HSTS only when configured (behind TLS)', () => {
    expect(securityHeaders('/api/me', { hsts: false })['Strict-Transport-Security']).toBeUndefined();
    expect(securityHeaders('/api/me', { hsts: true })['Strict-Transport-Security']).toBe(
      'max-age=31536000; includeSubDomains',
    );
  });

  it("allows Swagger UI's inline styles on /api/docs only", () => {
    expect(securityHeaders('/api/docs', { hsts: false })['Content-Security-Policy']).toBe(DOCS_CSP);
    expect(securityHeaders('/api/docs/swagger-ui.css', { hsts: false })['Content-Security-Policy']).toBe(
      DOCS_CSP,
    );
    expect(securityHeaders('/api/docsx', { hsts: false })['Content-Security-Policy']).toBe(DASHBOARD_CSP);
    expect(DOCS_CSP).toContain("frame-ancestors 'none'");
  });
});
