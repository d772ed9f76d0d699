import type { RouteCase } from './route-case.js';

/** Health, metrics and the OpenAPI document / Swagger UI: public, hold no patient data. */
export const cases: readonly RouteCase[] = [
  { method: 'GET', path: '/api/health', allow: 'public' },
  { method: 'GET', path: '/api/metrics', allow: 'public' },
  { method: 'GET', path: '/api/docs', allow: 'public' },
  { method: 'GET', path: '/api/docs/', allow: 'public' },
  { method: 'GET', path: '/api/docs/index.html', allow: 'public' },
  // Swagger UI's licence file is deliberately not served.
  { method: 'GET', path: '/api/docs/LICENSE', allow: 'public', okStatus: 404 },
  { method: 'GET', path: '/api/docs/swagger-ui-init.js', allow: 'public' },
  { method: 'GET', path: '/api/docs/docs/swagger-ui-init.js', allow: 'public' },
  { method: 'GET', path: '/api/docs/openapi.json', allow: 'public' },
];
