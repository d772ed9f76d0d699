/**
 * Readable "feature"/setting characteristics that @openward/ble-codecs has no codec for yet (the issue's
 * codec list covers measurements only): plain little-endian bit fields and integers, each cited. When the
 * codec library gains them, these move there (see the firmware-sim report).
 */
import type { CodecResult } from '@openward/ble-codecs';
import type { TemperatureTypeName } from '@openward/ble-codecs';

/** Little-endian unsigned integer of `octets` octets (GATT multi-octet fields are LSO first). */
export function encodeUint(value: number, octets: number): CodecResult<Uint8Array> {
  if (!Number.isInteger(value) || value < 0 || value >= 2 ** (8 * octets)) {
    return { ok: false, code: 'OUT_OF_RANGE', message: `${value} does not fit ${octets} octet(s)` };
  }
  const out = new Uint8Array(octets);
  for (let i = 0; i < octets; i++) out[i] = Math.floor(value / 2 ** (8 * i)) & 0xff;
  return { ok: true, value: out };
}

/**
 * 0x2A60 PLX Features (PLXS v1.0 §3.3): uint16 Supported Features, bit 3 "Timestamp for Spot-check
 * measurements is supported", bit 6 "Pulse Amplitude Index field is supported"; bits 0/1 clear, so the
 * optional status-support fields are absent.
 */
export const encodePlxFeaturesValue = (timestamp: boolean): CodecResult<Uint8Array> =>
  encodeUint((timestamp ? 1 << 3 : 0) | (1 << 6), 2);

/**
 * 0x2A49 Blood Pressure Feature (BLS v1.1 §3.3): uint16; bit 0 body movement detection, bit 1 cuff fit
 * detection, bit 2 irregular pulse detection, bit 3 pulse rate range detection supported.
 */
export const encodeBpFeatureValue = (): CodecResult<Uint8Array> => encodeUint(0b1111, 2);

/** 0x2A1D Temperature Type (HTS v1.0 §3.2): uint8, same codes as the 0x2A1C Temperature Type field. */
export function encodeTemperatureTypeValue(type: TemperatureTypeName): CodecResult<Uint8Array> {
  const codes: Record<TemperatureTypeName, number> = {
    armpit: 1,
    body: 2,
    ear: 3,
    finger: 4,
    'gastro-intestinal-tract': 5,
    mouth: 6,
    rectum: 7,
    toe: 8,
    tympanum: 9,
  };
  return encodeUint(codes[type], 1);
}

/** 0x2A21 Measurement Interval (HTS v1.0 §3.4): uint16 seconds, 0 = no periodic measurement. */
export const encodeMeasurementIntervalValue = (seconds: number): CodecResult<Uint8Array> =>
  encodeUint(seconds, 2);

/**
 * 0x2A51 Glucose Feature (GLS v1.0 §3.3): uint16; bit 0 low battery detection during measurement,
 * bit 9 time fault supported (the two annunciations this meter raises).
 */
export const encodeGlucoseFeatureValue = (): CodecResult<Uint8Array> => encodeUint((1 << 0) | (1 << 9), 2);

/**
 * 0x2A9E Weight Scale Feature (WSS v1.0 §3.1): uint32; bit 0 time stamp supported, bit 2 BMI supported,
 * bits 3–6 weight resolution 7 (0.005 kg), bits 7–9 height resolution 3 (0.001 m).
 */
export const encodeWeightScaleFeatureValue = (timestamp: boolean): CodecResult<Uint8Array> =>
  encodeUint((timestamp ? 1 : 0) | (1 << 2) | (7 << 3) | (3 << 7), 4);

/**
 * 0x2A9B Body Composition Feature (BCS v1.0 §3.1): uint32; bit 0 time stamp, bit 2 basal metabolism,
 * bit 8 impedance, bit 9 weight, bit 10 height supported; bits 11–14 mass resolution 7 (0.005 kg),
 * bits 15–17 height resolution 3 (0.001 m).
 */
export const encodeBodyCompositionFeatureValue = (timestamp: boolean): CodecResult<Uint8Array> =>
  encodeUint((timestamp ? 1 : 0) | (1 << 2) | (1 << 8) | (1 << 9) | (1 << 10) | (7 << 11) | (3 << 15), 4);
