/**
 * @openward/ble-codecs: pure, total decoders and encoders for Bluetooth GATT characteristic values and
 * IEEE 11073-20601 medical floats. No I/O, no clock, no logging.
 */
export * from './result.js';
export * from './medfloat.js';
export * from './registry.js';
export type { CharacteristicCodec } from './characteristics/codec.js';
export * from './characteristics/heart-rate-measurement.js';
export * from './characteristics/battery-level.js';
export * from './characteristics/body-sensor-location.js';
export * from './characteristics/utf8-string.js';
