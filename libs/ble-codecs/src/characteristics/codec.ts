import type { CodecResult } from '../result.js';

/**
 * One GATT characteristic's codec: decoder and encoder side by side so the simulator (encoder) and the
 * gateway (decoder) can never drift apart. Each characteristic lives in its own file and is registered in
 * `../registry.ts` under its uppercase 16-bit UUID.
 *
 * `Value` is what `decode` produces; `Input` is what `encode` accepts (a superset-compatible shape, so
 * `encode(decode(bytes).value)` always type-checks).
 */
export interface CharacteristicCodec<Value, Input = Value> {
  /** Uppercase 16-bit UUID as assigned by the Bluetooth SIG ("Assigned Numbers" §3.8), e.g. '2A37'. */
  readonly uuid16: string;
  /** SIG name of the characteristic. */
  readonly name: string;
  /** Total over arbitrary bytes: never throws. */
  decode(bytes: Uint8Array): CodecResult<Value>;
  /** Total over its input type: out-of-range fields answer OUT_OF_RANGE instead of throwing. */
  encode(value: Input): CodecResult<Uint8Array>;
}
