import { describe, expect, it } from '@jest/globals';
import { CODE_ENV, DEFAULT_ENV_FILE, parseEnrollArgs } from './args.js';

const CODE = '7K3Q-AB12-CDEF-GHJK-MNPQ-RSTV-WXYZ';
const CANONICAL = '7K3QAB12CDEFGHJKMNPQRSTVWXYZ';

describe('parseEnrollArgs', () => {
  it('reads --api, --code and --out, normalising the code and the URL', () => {
    expect(
      parseEnrollArgs([
        '--api',
        'https://openward.example.org/',
        '--code',
        CODE.toLowerCase(),
        '--out',
        '/tmp/gw.env',
      ]),
    ).toEqual({
      ok: true,
      value: { api: 'https://openward.example.org', code: CANONICAL, out: '/tmp/gw.env' },
    });
  });

  it('defaults --out to the systemd environment file, and takes the code from the environment', () => {
    expect(parseEnrollArgs(['--api=https://api.example.org/base'], { [CODE_ENV]: CODE })).toEqual({
      ok: true,
      value: { api: 'https://api.example.org/base', code: CANONICAL, out: DEFAULT_ENV_FILE },
    });
  });

  it('allows plain http only to a loopback API', () => {
    expect(parseEnrollArgs(['--api', 'http://127.0.0.1:8080', '--code', CODE])).toMatchObject({ ok: true });
    expect(parseEnrollArgs(['--api', 'http://localhost:8080', '--code', CODE])).toMatchObject({ ok: true });
    expect(parseEnrollArgs(['--api', 'http://api.example.org', '--code', CODE])).toEqual({
      ok: false,
      message: expect.stringMatching(/https/),
    });
  });

  it('answers help', () => {
    expect(parseEnrollArgs(['--help'])).toEqual({ ok: true, help: true });
    expect(parseEnrollArgs(['-h'])).toEqual({ ok: true, help: true });
  });

  it.each([
    ['no --api', ['--code', CODE], /--api is required/],
    ['a bad URL', ['--api', 'openward', '--code', CODE], /--api must be a URL/],
    ['credentials in the URL', ['--api', 'https://u:p@api.example.org', '--code', CODE], /credentials/],
    ['a query', ['--api', 'https://api.example.org/?x=1', '--code', CODE], /query/],
    ['ftp', ['--api', 'ftp://api.example.org', '--code', CODE], /https/],
    ['no code', ['--api', 'https://api.example.org'], /--code/],
    ['a short code', ['--api', 'https://api.example.org', '--code', '7K3Q-AB12'], /not an enrolment code/],
    [
      'a directory as --out',
      ['--api', 'https://a.example.org', '--code', CODE, '--out', '/etc/'],
      /file path/,
    ],
    [
      'an unknown option',
      ['--api', 'https://a.example.org', '--code', CODE, '--secret', 'x'],
      /Unknown option/,
    ],
    ['a positional', ['https://a.example.org'], /Unexpected argument/],
  ])('refuses %s, naming the problem', (_name, argv, message) => {
    const r = parseEnrollArgs(argv);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});
