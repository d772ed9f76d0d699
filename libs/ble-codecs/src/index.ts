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
export * from './characteristics/glucose-measurement.js';
export * from './characteristics/glucose-measurement-context.js';
export * from './characteristics/record-access-control-point.js';
export * from './characteristics/date-time.js';
export * from './characteristics/current-time.js';
export * from './characteristics/blood-pressure-layout.js';
export * from './characteristics/blood-pressure-measurement.js';
export * from './characteristics/intermediate-cuff-pressure.js';
export * from './characteristics/temperature-layout.js';
export * from './characteristics/temperature-measurement.js';
export * from './characteristics/intermediate-temperature.js';
export * from './characteristics/plx-fields.js';
export * from './characteristics/plx-spot-check-measurement.js';
export * from './characteristics/plx-continuous-measurement.js';
export * from './characteristics/scale-units.js';
export * from './characteristics/weight-measurement.js';
export * from './characteristics/body-composition-measurement.js';
