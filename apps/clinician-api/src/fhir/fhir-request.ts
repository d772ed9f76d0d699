/**
 * Request plumbing of the FHIR routes: the raw query, the server base URL for links, the `_format` check and
 * the response content type. Parsing of search values lives in @openward/fhir (pure).
 */
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { FHIR_JSON } from '@openward/fhir';
import { FhirError } from './fhir.errors.js';

/** Query parameters as express parses them (a repeated name gives an array). */
export type FhirQuery = Readonly<Record<string, string | string[] | undefined>>;

export const FHIR_CONTENT_TYPE = `${FHIR_JSON}; charset=utf-8`;
/** Path of the FHIR endpoint below the server root. */
export const FHIR_PATH = '/fhir/R4';

/** `_format` values that mean JSON (https://hl7.org/fhir/R4/http.html#mime-type). */
const JSON_FORMATS = new Set(['json', 'application/json', 'application/fhir+json', 'application/json+fhir']);

interface FhirHttpRequest {
  query?: unknown;
  protocol?: string;
  headers: Record<string, string | string[] | undefined>;
}

function queryOf(req: FhirHttpRequest): FhirQuery {
  const q = req.query;
  return typeof q === 'object' && q !== null ? (q as FhirQuery) : {};
}

/** The query, after refusing a non-JSON `_format` (406). */
export const FhirParams = createParamDecorator((_: unknown, ctx: ExecutionContext): FhirQuery => {
  const q = queryOf(ctx.switchToHttp().getRequest<FhirHttpRequest>());
  for (const f of all(q, '_format')) {
    if (!JSON_FORMATS.has((f.split(';')[0] ?? '').trim().toLowerCase()))
      throw new FhirError('FHIR_NOT_ACCEPTABLE');
  }
  return q;
});

/**
 * The base URL of links (`Bundle.link`, `fullUrl`): API_FHIR_BASE_URL when configured, else the request's own
 * scheme and Host (what the client used to reach us).
 */
export function requestBase(req: FhirHttpRequest, configured: string | null): string {
  if (configured) return configured;
  const host = req.headers['host'];
  return `${req.protocol ?? 'http'}://${typeof host === 'string' ? host : 'localhost'}${FHIR_PATH}`;
}

/** Every value of a parameter (repeats are ANDed in FHIR). */
export function all(q: FhirQuery, name: string): string[] {
  const v = q[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** The single value of a parameter; repeating it is an error. */
export function one(q: FhirQuery, name: string): string | undefined {
  const v = all(q, name);
  if (v.length > 1) throw new FhirError('FHIR_BAD_PARAMETER', `${name} may be given once`);
  return v[0];
}

/** `{base}/{path}?{params}` with the parameters in the order given (values URL-encoded). */
export function searchUrl(
  base: string,
  path: string,
  params: readonly (readonly [string, string])[],
): string {
  const qs = new URLSearchParams(params.map(([k, v]) => [k, v] as [string, string])).toString();
  return qs ? `${base}/${path}?${qs}` : `${base}/${path}`;
}
