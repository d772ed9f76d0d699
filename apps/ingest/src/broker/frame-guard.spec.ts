import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { FrameGuard, MAX_PACKET_BYTES } from './frame-guard.js';

/** MQTT 3.1.1 §2.2.3 remaining-length encoding. */
function varint(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}

/** A QoS 1 PUBLISH (§3.3): fixed header 0x32, topic, packet id, payload. */
function publish(payloadBytes: number): Buffer {
  const topic = Buffer.from('openward/v1/gw/gw-test-1/readings');
  const body = Buffer.concat([
    Buffer.from([topic.length >> 8, topic.length & 0xff]),
    topic,
    Buffer.from([0, 7]),
    Buffer.alloc(payloadBytes, 0x61),
  ]);
  return Buffer.concat([Buffer.from([0x32, ...varint(body.length)]), body]);
}
const PINGREQ = Buffer.from([0xc0, 0x00]);

describe('FrameGuard', () => {
  it('passes a stream of packets split at every possible byte boundary', () => {
    const stream = Buffer.concat([publish(10), PINGREQ, publish(MAX_PACKET_BYTES - 100)]);
    for (const cut of [1, 2, 3, 50, stream.length - 1]) {
      const g = new FrameGuard();
      expect(g.feed(stream.subarray(0, cut))).toEqual({ ok: true });
      expect(g.feed(stream.subarray(cut))).toEqual({ ok: true });
    }
  });

  it('refuses a packet whose remaining length exceeds the limit, from its header alone', () => {
    const big = publish(MAX_PACKET_BYTES + 1);
    const g = new FrameGuard();
    expect(g.feed(big.subarray(0, 4))).toMatchObject({ ok: false, reason: 'TOO_LARGE' });
    // Sticky: later bytes do not reset it.
    expect(g.feed(publish(1))).toMatchObject({ ok: false, reason: 'TOO_LARGE' });
  });

  it('refuses a remaining length with more than four bytes', () => {
    expect(new FrameGuard().feed(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]))).toEqual({
      ok: false,
      reason: 'MALFORMED',
    });
  });

  it('tracks boundaries like mqtt-packet for any sequence of valid packets and any chunking', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 4000 }), { minLength: 1, maxLength: 10 }),
        (sizes, cuts) => {
          const stream = Buffer.concat(sizes.map(publish));
          const g = new FrameGuard(3000 + 64);
          let pos = 0;
          for (const c of [...cuts, stream.length]) {
            expect(g.feed(stream.subarray(pos, pos + c))).toEqual({ ok: true });
            pos += c;
          }
          // After the whole stream the guard is at a packet boundary: an oversize header is caught at once.
          expect(g.feed(Buffer.from([0x30, 0xff, 0x7f]))).toMatchObject({ ok: false, reason: 'TOO_LARGE' });
        },
      ),
    );
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        expect(typeof new FrameGuard().feed(b).ok).toBe('boolean');
      }),
    );
  });
});
