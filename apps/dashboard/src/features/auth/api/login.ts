import { loginResponseSchema, type LoginRequest, type LoginResponse } from '@openward/contracts';
import type { ApiClient } from '../../../lib/api-client';

/** `POST /api/auth/login`. Rejects with ApiError (status 401 for wrong credentials). */
export function login(api: ApiClient, request: LoginRequest): Promise<LoginResponse> {
  return api.request('/api/auth/login', loginResponseSchema, { method: 'POST', body: request });
}
