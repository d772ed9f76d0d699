import { describe, expect, it } from '@jest/globals';
import { isSpaPath } from './dashboard-static.js';

describe('isSpaPath: which requests the dashboard fallback may answer with index.html', () => {
  it.each([
    ['GET', '/'],
    ['GET', '/patients/p-1001'],
    ['HEAD', '/login'],
    ['GET', '/apiary'],
    ['GET', '/internals'],
    ['GET', '/fhirish'],
  ])('answers %s %s', (method, path) => {
    expect(isSpaPath(method, path)).toBe(true);
  });

  it.each([
    ['GET', '/api'],
    ['GET', '/api/patients'],
    ['GET', '/fhir'],
    ['GET', '/fhir/R4/Observation'],
    ['GET', '/internal'],
    ['GET', '/internal/v1/registry'],
    ['GET', '/socket.io/'],
    ['POST', '/'],
  ])('never answers %s %s (API, FHIR, internal feed, socket.io, non-GET)', (method, path) => {
    expect(isSpaPath(method, path)).toBe(false);
  });
});
