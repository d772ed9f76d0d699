import { describe, expect, it } from 'vitest';
import { patientSummarySchema } from '@openward/contracts';
import { createFakeFetch } from '../test/fake-network';
import { PATIENTS, problem } from '../test/fixtures';
import { ApiError, createApiClient } from './api-client';

const patients = patientSummarySchema.array();

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected the request to fail');
}

describe('createApiClient', () => {
  it('sends the bearer token and returns the parsed body', async () => {
    const net = createFakeFetch();
    net.route('GET /api/patients', { status: 200, body: PATIENTS });
    const api = createApiClient('http://127.0.0.1:18080', net.fetch);
    await expect(api.request('/api/patients', patients, { token: 'tkn' })).resolves.toEqual(PATIENTS);
    expect(net.requests[0]?.headers['Authorization']).toBe('Bearer tkn');
  });

  it('turns an application/problem+json error into an ApiError with status, code and detail', async () => {
    const net = createFakeFetch();
    net.route('GET /api/patients/p-1003/vitals/latest', {
      status: 403,
      body: problem(403, 'NOT_IN_CARE_TEAM', 'Forbidden', 'Patient is not in your care teams'),
    });
    const err = await rejection(
      createApiClient('', net.fetch).request('/api/patients/p-1003/vitals/latest', patients),
    );
    expect(err).toMatchObject({ kind: 'http', status: 403, message: 'Patient is not in your care teams' });
    expect(err.problem?.code).toBe('NOT_IN_CARE_TEAM');
  });

  it('falls back to the HTTP status for a non-problem error body', async () => {
    const net = createFakeFetch();
    net.route('GET /api/patients', {
      status: 502,
      body: '<html>bad gateway</html>',
      contentType: 'text/html',
    });
    const err = await rejection(createApiClient('', net.fetch).request('/api/patients', patients));
    expect(err).toMatchObject({ kind: 'http', status: 502, problem: null });
  });

  it('rejects a body that breaks the contract', async () => {
    const net = createFakeFetch();
    net.route('GET /api/patients', { status: 200, body: [{ id: 'p-1001' }] });
    const err = await rejection(createApiClient('', net.fetch).request('/api/patients', patients));
    expect(err).toMatchObject({ kind: 'invalid-response', status: 200 });
  });

  it('reports a network failure without a status', async () => {
    const api = createApiClient('', () => Promise.reject(new TypeError('Failed to fetch')));
    const err = await rejection(api.request('/api/patients', patients));
    expect(err).toMatchObject({ kind: 'network', status: null });
  });
});
