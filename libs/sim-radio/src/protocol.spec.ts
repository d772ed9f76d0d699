import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  encodeLine,
  fromHex,
  LineSplitter,
  MAX_LINE_BYTES,
  parseRadioMessage,
  parseRequest,
  toHex,
  type RadioEvent,
  type RadioRequest,
} from './index.js';

describe('parseRequest / parseRadioMessage', () => {
  it('round-trips requests, responses and events through encodeLine', () => {
    const req: RadioRequest = {
      id: 7,
      op: 'subscribe',
      address: 'c0:ff:ee:00:10:01',
      service: '180d',
      characteristic: '2a37',
      on: true,
    };
    expect(parseRequest(encodeLine(req).trim())).toEqual({ ok: true, value: req });
    const ev: RadioEvent = {
      ev: 'notification',
      address: 'c0:ff:ee:00:10:01',
      service: '180d',
      characteristic: '2a37',
      data: '0048',
    };
    expect(parseRadioMessage(encodeLine(ev).trim())).toEqual({
      ok: true,
      value: { kind: 'event', event: ev },
    });
    const res = { id: 7, ok: false as const, code: 'NOT_CONNECTED' as const, message: 'no link' };
    expect(parseRadioMessage(JSON.stringify(res))).toEqual({
      ok: true,
      value: { kind: 'response', response: res },
    });
  });
  it.each([
    ['BAD_JSON', '{"id":1,'],
    ['BAD_MESSAGE', '{"id":1,"op":"fly"}'],
    ['BAD_MESSAGE', '{"id":-1,"op":"scan","on":true}'],
    ['BAD_MESSAGE', '{"id":1,"op":"connect","address":"C0:FF:EE:00:10:01"}'],
    [
      'BAD_MESSAGE',
      '{"id":1,"op":"write","address":"c0:ff:ee:00:10:01","service":"180d","characteristic":"2a39","data":"abc","withoutResponse":false}',
    ],
  ])('rejects a bad request line with %s', (code, line) => {
    const r = parseRequest(line);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe(code);
  });
  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        expect(typeof parseRequest(s).ok).toBe('boolean');
        expect(typeof parseRadioMessage(s).ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('LineSplitter', () => {
  it('reassembles lines however the stream is chunked', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !s.includes('\n')),
          { maxLength: 20 },
        ),
        fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 10 }),
        (lines, cuts) => {
          const stream = lines.map((l) => `${l}\n`).join('');
          const splitter = new LineSplitter();
          const out: string[] = [];
          let i = 0;
          let c = 0;
          while (i < stream.length) {
            const n = cuts[c++ % cuts.length] ?? 1;
            out.push(...splitter.push(stream.slice(i, i + n)));
            i += n;
          }
          expect(out).toEqual(lines);
        },
      ),
    );
  });
  it('drops an oversize line, reports it, and keeps the lines after it', () => {
    const sizes: number[] = [];
    const s = new LineSplitter((n) => sizes.push(n));
    const big = 'x'.repeat(MAX_LINE_BYTES + 10);
    expect(s.push(`${big.slice(0, 40_000)}`)).toEqual([]);
    expect(s.push(`${big.slice(40_000)}\n{"ok":1}\n`)).toEqual(['{"ok":1}']);
    expect(sizes.length).toBe(1);
  });
});

describe('hex', () => {
  it('round-trips bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (b) => expect(fromHex(toHex(b))).toEqual(b)));
    expect(toHex(new Uint8Array([0, 0x48, 0xff]))).toBe('0048ff');
  });
});
