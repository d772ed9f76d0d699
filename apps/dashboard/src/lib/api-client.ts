import { problemSchema, type Problem } from '@openward/contracts';

/**
 * Small REST client for the clinician API: JSON in/out, bearer token, every response validated against a
 * contracts schema, errors (`application/problem+json`) turned into {@link ApiError}.
 */

/** What failed: the server answered with an error, the network did, or the body broke the contract. */
export type ApiErrorKind = 'http' | 'network' | 'invalid-response';

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    /** HTTP status, or null when no response arrived. */
    readonly status: number | null,
    message: string,
    /** The parsed problem document, when the server sent one. */
    readonly problem: Problem | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Any schema with zod's `safeParse` shape (the contracts' zod schemas satisfy it). */
export interface ResponseSchema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: unknown };
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Access token sent as `Authorization: Bearer …`. */
  token?: string;
  signal?: AbortSignal;
}

export interface ApiClient {
  request<T>(path: string, schema: ResponseSchema<T>, options?: RequestOptions): Promise<T>;
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Creates the client. `fetchImpl` is the network boundary (tests pass a fake). */
export function createApiClient(baseUrl: string, fetchImpl: FetchLike): ApiClient {
  return {
    async request<T>(path: string, schema: ResponseSchema<T>, options: RequestOptions = {}): Promise<T> {
      const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
      if (options.body !== undefined) headers['Content-Type'] = 'application/json';
      if (options.token) headers['Authorization'] = `Bearer ${options.token}`;

      let response: Response;
      try {
        response = await fetchImpl(`${baseUrl}${path}`, {
          method: options.method ?? 'GET',
          headers,
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
          signal: options.signal,
        });
      } catch (e) {
        if (options.signal?.aborted) throw e;
        throw new ApiError('network', null, 'Cannot reach the OpenWard server');
      }

      const payload = await readJson(response);
      if (!response.ok) {
        const problem = problemSchema.safeParse(payload);
        const message = problem.success
          ? (problem.data.detail ?? problem.data.title)
          : response.statusText || `HTTP ${response.status}`;
        throw new ApiError('http', response.status, message, problem.success ? problem.data : null);
      }
      const parsed = schema.safeParse(payload);
      if (!parsed.success) {
        throw new ApiError('invalid-response', response.status, `Unexpected response from ${path}`);
      }
      return parsed.data;
    },
  };
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
