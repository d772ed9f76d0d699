/**
 * Bounds-checked little-endian reader and writer. Every multi-octet field in GATT characteristic values
 * is little-endian (Bluetooth Core Specification v5.4, Vol 3, Part G, §3.3.3.x and GATT Specification
 * Supplement §2.2: "multi-octet fields … shall be transmitted LSO first").
 */
export class ByteReader {
  private pos = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /** Octets not yet read. */
  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  /** Reads a uint8, or `undefined` when no octet is left (the caller maps that to TRUNCATED). */
  uint8(): number | undefined {
    if (this.remaining < 1) return undefined;
    const v = this.bytes[this.pos] as number;
    this.pos += 1;
    return v;
  }

  /** Reads a little-endian uint16, or `undefined` when fewer than two octets are left. */
  uint16(): number | undefined {
    if (this.remaining < 2) return undefined;
    const v = (this.bytes[this.pos] as number) | ((this.bytes[this.pos + 1] as number) << 8);
    this.pos += 2;
    return v;
  }

  /** Reads a little-endian uint32, or `undefined` when fewer than four octets are left. */
  uint32(): number | undefined {
    if (this.remaining < 4) return undefined;
    const b = this.bytes;
    const p = this.pos;
    const v =
      ((b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16)) +
      (b[p + 3] as number) * 0x1000000;
    this.pos += 4;
    return v;
  }

  /** Returns every octet not yet read and moves to the end. */
  rest(): Uint8Array {
    const out = this.bytes.subarray(this.pos);
    this.pos = this.bytes.length;
    return out;
  }
}

/** Growable little-endian writer used by the encoders. Callers range-check values before writing. */
export class ByteWriter {
  private readonly out: number[] = [];

  uint8(v: number): this {
    this.out.push(v & 0xff);
    return this;
  }

  uint16(v: number): this {
    this.out.push(v & 0xff, (v >>> 8) & 0xff);
    return this;
  }

  uint32(v: number): this {
    this.out.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
    return this;
  }

  raw(bytes: Uint8Array): this {
    for (const b of bytes) this.out.push(b);
    return this;
  }

  toBytes(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

/** True when `v` is an integer in [min, max]. */
export function isIntIn(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}
