import { describe, expect, it } from 'vitest';
import { DEFAULT_STALE_AFTER_SECONDS, parseAppConfig } from './app-config';

describe('parseAppConfig', () => {
  it('defaults to same origin and a 15 s staleness threshold', () => {
    expect(parseAppConfig({ search: '' })).toEqual({
      ok: true,
      config: { apiBaseUrl: '', staleAfterMs: DEFAULT_STALE_AFTER_SECONDS * 1000 },
    });
  });

  it('reads staleAfterSeconds from the query string', () => {
    const r = parseAppConfig({ search: '?staleAfterSeconds=3' });
    expect(r.ok && r.config.staleAfterMs).toBe(3000);
    const fractional = parseAppConfig({ search: '?foo=1&staleAfterSeconds=1.5' });
    expect(fractional.ok && fractional.config.staleAfterMs).toBe(1500);
  });

  it.each(['0', '-5', 'abc', '', '1e3', '90000'])(
    'rejects staleAfterSeconds=%j naming the parameter',
    (v) => {
      const r = parseAppConfig({ search: `?staleAfterSeconds=${encodeURIComponent(v)}` });
      expect(r.ok).toBe(false);
      expect(!r.ok && r.problem).toContain('staleAfterSeconds');
    },
  );

  it('accepts an http(s) API base URL and strips the trailing slash', () => {
    const r = parseAppConfig({ search: '', apiBaseUrl: 'http://127.0.0.1:18080/' });
    expect(r.ok && r.config.apiBaseUrl).toBe('http://127.0.0.1:18080');
  });

  it('rejects a malformed API base URL naming the variable', () => {
    for (const bad of ['not a url', 'ftp://host']) {
      const r = parseAppConfig({ search: '', apiBaseUrl: bad });
      expect(!r.ok && r.problem).toContain('VITE_API_BASE_URL');
    }
  });
});
