import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface.js';

/**
 * CORS for the dashboard only: a browser on one of `origins` (API_CORS_ORIGINS) may call the API with its
 * credentials (the refresh cookie); any other Origin gets no Access-Control-Allow-Origin, so the browser
 * refuses the response. With no origins configured (the default) nothing is sent: same origin only.
 */
export function corsOptions(origins: readonly string[]): CorsOptions {
  return {
    origin: (origin: string | undefined, cb: (err: Error | null, allow?: boolean) => void) =>
      cb(null, origin !== undefined && origins.includes(origin)),
    credentials: true,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type'],
    exposedHeaders: ['retry-after', 'location'],
    maxAge: 600,
  };
}
