import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  LineProtocolError,
  escapeKey,
  escapeMeasurement,
  float,
  formatLine,
  int,
  parseLine,
  quoteString,
  str,
  type LinePoint,
} from './influx-line-protocol.js';
import { deadLetterLine, pointTimeNs, vitalLine } from './influx-store.js';
import { classifyStoreError } from './vitals-store.js';
import { point } from '../../test/store-contract.js';

describe('line protocol escaping', () => {
  it.each([
    ['a,b c', 'a\\,b\\ c'],
    ['plain', 'plain'],
  ])('escapes measurement %j as %j', (input, out) => {
    expect(escapeMeasurement(input)).toBe(out);
  });

  it.each([
    ['k=v, w', 'k\\=v\\,\\ w'],
    ['c0:ff:ee:00:00:01', 'c0:ff:ee:00:00:01'],
  ])('escapes key or tag value %j as %j', (input, out) => {
    expect(escapeKey(input)).toBe(out);
  });

  it('quotes string fields escaping only quote and backslash', () => {
    expect(quoteString('say "hi"\\, =\n')).toBe('"say \\"hi\\"\\\\, =\n"');
  });

  it.each(['', 'a\nb', 'a\rb', 'ends\\', 'back\\slash'])('refuses identifier %j (permanent)', (bad) => {
    expect(() => escapeKey(bad)).toThrow(LineProtocolError);
    let err: unknown;
    try {
      escapeKey(bad);
    } catch (e) {
      err = e;
    }
    expect(classifyStoreError(err, { isOpen: () => true })).toBe('permanent');
  });

  it('refuses non-finite floats and unsafe integers', () => {
    const p = (v: ReturnType<typeof float>): LinePoint => ({
      measurement: 'm',
      tags: {},
      fields: { v },
      timestamp: 1n,
    });
    expect(() => formatLine(p(float(Number.NaN)))).toThrow('float field must be finite');
    expect(() => formatLine(p(int(2 ** 60)))).toThrow('safe integer');
  });
});

describe('formatLine', () => {
  it('writes sorted tags, typed fields and the timestamp', () => {
    expect(
      formatLine({
        measurement: 'vitals',
        tags: { metric: 'heart-rate', device_address: 'c0:ff' },
        fields: { value: float(72.5), idx: int(3), unit: str('/min') },
        timestamp: 1_700_000_000_123_000_003n,
      }),
    ).toBe('vitals,device_address=c0:ff,metric=heart-rate idx=3i,unit="/min",value=72.5 1700000000123000003');
  });

  // Identifiers: any string without line breaks or backslashes (those are refused above).
  const ident = fc
    .string({ minLength: 1, maxLength: 12, unit: 'binary' })
    .filter((s) => !/[\n\r\\]/.test(s) && s !== '__proto__');
  const fieldValue = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => float(Object.is(v, -0) ? 0 : v)),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((v) => int(v)),
    fc.string({ unit: 'binary' }).map(str),
  );
  const linePoint = fc.record({
    measurement: ident,
    tags: fc.dictionary(ident, ident, { maxKeys: 4 }),
    fields: fc.dictionary(ident, fieldValue, { minKeys: 1, maxKeys: 4 }),
    timestamp: fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }),
  });

  it('round-trips through the parser for arbitrary names, tags and field values (property)', () => {
    fc.assert(
      fc.property(linePoint, (p) => {
        const line = formatLine(p);
        expect(parseLine(line)).toEqual({
          ...p,
          fields: Object.fromEntries(
            Object.entries(p.fields).map(([k, v]) => [k, v.kind === 'int' ? int(BigInt(v.value)) : v]),
          ),
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe('InfluxDB layout lines', () => {
  it('offsets the timestamp by idx nanoseconds from measured_at in ms', () => {
    expect(pointTimeNs(1_700_000_000_123, 0)).toBe(1_700_000_000_123_000_000n);
    expect(pointTimeNs(1_700_000_000_123, 5)).toBe(1_700_000_000_123_000_005n);
    expect(() => pointTimeNs(1, -1)).toThrow(LineProtocolError);
  });

  it('writes a vital with its four tags, seven fields and ns timestamp', () => {
    const line = vitalLine(point({ idx: 2, metric: 'rr-interval', value: 830, unit: 'ms' }));
    expect(line).toBe(
      'vitals,device_address=c0:ff:ee:00:00:01,gateway_id=gw-a,metric=rr-interval,patient_id=p-1 ' +
        'characteristic="2A37",idx=2i,reading_id="gw-a:c0:ff:ee:00:00:01:2A37:1000",received_at=1700000000456i,' +
        'stored_at=1700000000789i,unit="ms",value=830 1700000000123000002',
    );
    expect(vitalLine(point({ patientId: null }))).toContain(',patient_id=_unassigned ');
  });

  it('writes a dead letter with the payload in base64', () => {
    const line = deadLetterLine(
      {
        receivedAtMs: 7,
        clientId: 'gw-a',
        topic: 't',
        code: 'OVERSIZE',
        message: 'm',
        payload: new Uint8Array([255, 0]),
      },
      42,
    );
    expect(line).toBe(
      'dead_letters,client_id=gw-a,code=OVERSIZE bytes=2i,message="m",payload="/wA=",received_at=7i,topic="t" 42',
    );
  });
});
