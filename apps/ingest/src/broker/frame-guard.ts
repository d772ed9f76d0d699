import { MAX_READING_BYTES } from '@openward/contracts';

/**
 * Largest MQTT packet (remaining length) ingest accepts: a maximal reading plus room for the topic and
 * headers. Payloads between MAX_READING_BYTES and this are dead-lettered as OVERSIZE; larger packets close
 * the connection (DESIGN.md §5).
 */
export const MAX_PACKET_BYTES = MAX_READING_BYTES + 4096;

export type FrameVerdict = { ok: true } | { ok: false; reason: 'TOO_LARGE' | 'MALFORMED'; length?: number };

/**
 * Incremental scanner of MQTT fixed headers over a byte stream (MQTT 3.1.1 §2.2): it follows packet
 * boundaries without buffering payloads and fails as soon as a remaining length exceeds the limit, before
 * the broker has buffered the body. Pure state machine; a failure is sticky.
 */
export class FrameGuard {
  private state: 'header' | 'length' | 'body' = 'header';
  private length = 0;
  private multiplier = 1;
  private lengthBytes = 0;
  private remaining = 0;
  private failed: FrameVerdict | null = null;

  constructor(private readonly maxRemainingLength: number = MAX_PACKET_BYTES) {}

  feed(chunk: Uint8Array): FrameVerdict {
    if (this.failed) return this.failed;
    let i = 0;
    while (i < chunk.length) {
      switch (this.state) {
        case 'header':
          i++; // fixed header byte 1: packet type and flags
          this.state = 'length';
          this.length = 0;
          this.multiplier = 1;
          this.lengthBytes = 0;
          break;
        case 'length': {
          const b = chunk[i++] ?? 0; // i < chunk.length: always defined
          // §2.2.3 remaining length: 7 bits per byte, continuation bit 0x80, at most 4 bytes.
          this.length += (b & 0x7f) * this.multiplier;
          this.multiplier *= 128;
          this.lengthBytes++;
          if (b & 0x80) {
            if (this.lengthBytes === 4) return this.fail({ ok: false, reason: 'MALFORMED' });
            break;
          }
          if (this.length > this.maxRemainingLength) {
            return this.fail({ ok: false, reason: 'TOO_LARGE', length: this.length });
          }
          this.remaining = this.length;
          this.state = this.remaining === 0 ? 'header' : 'body';
          break;
        }
        case 'body': {
          const take = Math.min(this.remaining, chunk.length - i);
          i += take;
          this.remaining -= take;
          if (this.remaining === 0) this.state = 'header';
          break;
        }
      }
    }
    return { ok: true };
  }

  private fail(v: FrameVerdict): FrameVerdict {
    this.failed = v;
    return v;
  }
}
