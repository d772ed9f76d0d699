import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../config.js';
import { parseRegistrySource } from './registry-config.js';

const SERVICE = 's'.repeat(32);
const FEED = 'f'.repeat(32);
const URL_OK = 'http://127.0.0.1:8080/internal/v1/registry';

describe('parseRegistrySource', () => {
  it('accepts the file alone', () => {
    expect(parseRegistrySource({ INGEST_REGISTRY_FILE: '/r.json' }, SERVICE)).toEqual({
      ok: true,
      source: { kind: 'file', file: '/r.json' },
    });
  });

  it('accepts the URL with its token', () => {
    expect(
      parseRegistrySource({ INGEST_REGISTRY_URL: URL_OK, INGEST_REGISTRY_TOKEN: FEED }, SERVICE),
    ).toEqual({
      ok: true,
      source: { kind: 'feed', feed: { url: URL_OK, token: FEED } },
    });
  });

  it.each([
    ['neither source', {}, 'INGEST_REGISTRY_FILE', /is required \(or INGEST_REGISTRY_URL/],
    [
      'both sources',
      { INGEST_REGISTRY_FILE: '/r.json', INGEST_REGISTRY_URL: URL_OK, INGEST_REGISTRY_TOKEN: FEED },
      'INGEST_REGISTRY_URL',
      /exactly one registry source/,
    ],
    [
      'a token with the file',
      { INGEST_REGISTRY_FILE: '/r.json', INGEST_REGISTRY_TOKEN: FEED },
      'INGEST_REGISTRY_TOKEN',
      /only used with/,
    ],
    ['the URL without a token', { INGEST_REGISTRY_URL: URL_OK }, 'INGEST_REGISTRY_TOKEN', /is required with/],
    [
      'a short token',
      { INGEST_REGISTRY_URL: URL_OK, INGEST_REGISTRY_TOKEN: 'x'.repeat(31) },
      'INGEST_REGISTRY_TOKEN',
      /at least 32/,
    ],
    [
      'the service token reused',
      { INGEST_REGISTRY_URL: URL_OK, INGEST_REGISTRY_TOKEN: SERVICE },
      'INGEST_REGISTRY_TOKEN',
      /must differ/,
    ],
    [
      'not a URL',
      { INGEST_REGISTRY_URL: 'api:8080', INGEST_REGISTRY_TOKEN: FEED },
      'INGEST_REGISTRY_URL',
      /http/,
    ],
    [
      'another scheme',
      { INGEST_REGISTRY_URL: 'ftp://api/registry', INGEST_REGISTRY_TOKEN: FEED },
      'INGEST_REGISTRY_URL',
      /http/,
    ],
    [
      'credentials in the URL',
      { INGEST_REGISTRY_URL: 'http://u:p@api/registry', INGEST_REGISTRY_TOKEN: FEED },
      'INGEST_REGISTRY_URL',
      /credentials/,
    ],
    [
      'a query in the URL',
      { INGEST_REGISTRY_URL: `${URL_OK}?after=3`, INGEST_REGISTRY_TOKEN: FEED },
      'INGEST_REGISTRY_URL',
      /query/,
    ],
  ])('rejects %s, naming the variable', (_name, env, variable, problem) => {
    const r = parseRegistrySource(env, SERVICE);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.variable).toBe(variable);
    expect(r.problem).toMatch(problem);
  });
});

describe('loadConfig registry source', () => {
  const base = { INGEST_DATA_DIR: '/tmp/ingest', INGEST_SERVICE_TOKEN: SERVICE };

  it('puts the feed in registryFeed and leaves registryFile out', () => {
    const c = loadConfig({ ...base, INGEST_REGISTRY_URL: URL_OK, INGEST_REGISTRY_TOKEN: FEED });
    expect(c.registryFeed).toEqual({ url: URL_OK, token: FEED });
    expect('registryFile' in c).toBe(false);
  });

  it('throws a ConfigError naming INGEST_REGISTRY_URL when both sources are set', () => {
    let err: unknown;
    try {
      loadConfig({
        ...base,
        INGEST_REGISTRY_FILE: '/r.json',
        INGEST_REGISTRY_URL: URL_OK,
        INGEST_REGISTRY_TOKEN: FEED,
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).variable).toBe('INGEST_REGISTRY_URL');
  });
});
