import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseFleetArgs } from './args.js';

describe('parseFleetArgs', () => {
  it('fills the documented defaults', () => {
    expect(parseFleetArgs([])).toEqual({
      ok: true,
      value: {
        help: false,
        url: 'mqtt://127.0.0.1:1883',
        gateways: 1000,
        rate: 2000,
        durationSeconds: 30,
        journal: 'memory',
        dataDir: null,
        window: 100,
        credentialsFile: null,
        idPattern: 'gw-fleet-{n}',
        secretPattern: 'fleet-secret-{n}',
        ackedFile: null,
        connectTimeoutSeconds: 60,
        drainTimeoutSeconds: 30,
      },
    });
  });

  it('reads the crash-test options: acked file, lmdb journals, connect and drain timeouts', () => {
    const r = parseFleetArgs([
      '--acked-file',
      '/tmp/acked.txt',
      '--journal',
      'lmdb',
      '--data-dir',
      '/tmp/j',
      '--drain-timeout',
      '120',
      '--connect-timeout',
      '5',
      '--gateways',
      '50',
    ]);
    expect(r).toMatchObject({
      ok: true,
      value: {
        ackedFile: '/tmp/acked.txt',
        journal: 'lmdb',
        dataDir: '/tmp/j',
        drainTimeoutSeconds: 120,
        connectTimeoutSeconds: 5,
        gateways: 50,
      },
    });
  });

  it.each([
    [['--journal', 'paper'], /--journal must be memory or lmdb/],
    [['--drain-timeout', '0'], /--drain-timeout must be an integer between 1 and 86400, got "0"/],
    [['--drain-timeout', '1.5'], /--drain-timeout must be an integer/],
    [['--rate', '1e3'], /--rate must be an integer/],
    [['--gateways', '-3'], /--gateways/],
    [['--acked-file', ''], /--acked-file must not be empty/],
    [['--no-such-option'], /Unknown option '--no-such-option'/],
    [['stray'], /Unexpected argument 'stray'/],
  ])('refuses %j naming the problem', (argv, message) => {
    const r = parseFleetArgs(argv);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(message);
  });

  it('never throws: any argv is either parsed or refused with a message', () => {
    const token = fc.oneof(
      fc.constantFrom(
        '--url',
        '--gateways',
        '--rate',
        '--duration',
        '--journal',
        '--window',
        '--acked-file',
        '--drain-timeout',
        '--connect-timeout',
        '--help',
        'lmdb',
        '0',
        '7',
        '-1',
      ),
      fc.string(),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 8 }), (argv) => {
        const r = parseFleetArgs(argv);
        if (r.ok) {
          const v = r.value;
          return [v.gateways, v.rate, v.window, v.drainTimeoutSeconds].every(
            (n) => Number.isSafeInteger(n) && n >= 1,
          );
        }
        return typeof r.message === 'string' && r.message.length > 0;
      }),
    );
  });
});
