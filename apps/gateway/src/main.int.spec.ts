import { describe, it, expect } from '@jest/globals';
import { startNode } from '@openward/testing';
import { GATEWAY_MAIN, requireBuilt } from '../test/stack.js';

describe('gateway process configuration', () => {
  it('exits with code 2 and names the offending variable when the config is invalid', async () => {
    requireBuilt();
    const p = startNode('gateway-bad-config', GATEWAY_MAIN, [], {
      env: {
        GATEWAY_ID: 'Not_A_Valid_Id',
        GATEWAY_SECRET: 'x',
        GATEWAY_SIM_RADIO: '127.0.0.1:1',
        GATEWAY_DATA_DIR: '/tmp/x',
      },
    });
    await p.waitForExit();
    expect(p.exit).toEqual({ code: 2, signal: null });
    const line = JSON.parse(p.lines.find((l) => l.includes('invalid configuration')) ?? '{}') as Record<
      string,
      unknown
    >;
    expect(line['variable']).toBe('GATEWAY_ID');
    expect(String(line['msg'])).toContain('GATEWAY_ID');
  });
});
