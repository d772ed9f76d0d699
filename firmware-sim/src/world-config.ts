/**
 * SIM_DEVICES: the simulated world, a JSON array with one entry per device. Only `address` and
 * `localName` are required; an entry without `kind` is a heart-rate strap (the foundation format
 * `{address, localName, baselineBpm}` keeps working unchanged).
 *
 *   {
 *     "address": "c0:ff:ee:00:20:01",          lowercase or uppercase MAC
 *     "kind": "blood-pressure-cuff",            contracts DEVICE_KINDS; default heart-rate-strap
 *     "localName": "OW-BPM 2001",               ≤ 29 UTF-8 octets
 *     "scenario": "hypertensive-crisis",        default stable
 *     "seed": 42,                               default: hash of the address
 *     "hasClock": true,                         default true except heart-rate straps (no clock)
 *     "clockSet": true,                         false = clock not set (year 0) from the start
 *     "clockOffsetSeconds": 0,                  device clock minus true time
 *     "measureIntervalSeconds": 21600,          simulated s between automatic measurements; 0 = on demand
 *     "storedRecords": 5,                       glucose meter: history present at start
 *     "baselineBpm": 72,                        resting heart rate (shortcut for patient.restingBpm)
 *     "patient": { "restingBpm": 72, "spo2": 97, "systolic": 124, "diastolic": 79, "temperatureC": 36.8,
 *                  "glucoseMmolL": 5.4, "weightKg": 78, "heightM": 1.74, "bodyFatPercent": 24 }
 *   }
 */
import { DEVICE_KINDS, type DeviceKind } from '@openward/contracts';
import { seedFromString } from './physiology.js';
import { isScenario, SCENARIOS, type ScenarioName } from './physiology/scenarios.js';
import { DEFAULT_PROFILE, type PatientProfile } from './physiology/vitals.js';

/** One device with every default filled in. */
export interface DeviceConfig {
  address: string;
  kind: DeviceKind;
  localName: string;
  scenario: ScenarioName;
  seed: number;
  hasClock: boolean;
  clockSet: boolean;
  clockOffsetSeconds: number;
  measureIntervalSeconds: number;
  storedRecords: number;
  /** Resting heart rate (straps centre their beat model on it). */
  baselineBpm: number;
  patient: PatientProfile;
}

/** Thrown by the parser; config.ts maps it to `{variable: 'SIM_DEVICES', message}`. */
export class WorldConfigError extends Error {}

const ADDRESS = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;
// A legacy advertising PDU carries at most 31 octets; the complete local name gets what is left.
const MAX_LOCAL_NAME_BYTES = 29;

/** Automatic measurement period per kind when not configured (simulated seconds; 0 = on demand). */
export const DEFAULT_MEASURE_INTERVAL_SECONDS: Record<DeviceKind, number> = {
  'heart-rate-strap': 0,
  'pulse-oximeter': 4 * 3600,
  'blood-pressure-cuff': 6 * 3600,
  thermometer: 6 * 3600,
  'glucose-meter': 8 * 3600,
  'weight-scale': 24 * 3600,
  'body-composition-scale': 24 * 3600,
};

const PROFILE_RANGES: Record<keyof Omit<PatientProfile, 'seed'>, readonly [number, number]> = {
  restingBpm: [30, 200],
  spo2: [70, 100],
  systolic: [70, 250],
  diastolic: [40, 150],
  temperatureC: [34, 42],
  glucoseMmolL: [2, 30],
  weightKg: [2, 300],
  heightM: [0.5, 2.5],
  bodyFatPercent: [3, 70],
};

function fail(message: string): never {
  throw new WorldConfigError(message);
}

function num(v: unknown, at: string, min: number, max: number, integer = false): number {
  if (
    typeof v !== 'number' ||
    !Number.isFinite(v) ||
    v < min ||
    v > max ||
    (integer && !Number.isInteger(v))
  ) {
    fail(`${at} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
  }
  return v;
}

function bool(v: unknown, at: string): boolean {
  if (typeof v !== 'boolean') fail(`${at} must be a boolean`);
  return v;
}

function patient(v: unknown, at: string, seed: number, baselineBpm: number | undefined): PatientProfile {
  if (v !== undefined && (typeof v !== 'object' || v === null || Array.isArray(v)))
    fail(`${at} must be an object`);
  const given = (v ?? {}) as Record<string, unknown>;
  for (const k of Object.keys(given)) {
    if (!(k in PROFILE_RANGES))
      fail(`${at}.${k} is not a patient field (${Object.keys(PROFILE_RANGES).join(', ')})`);
  }
  const out: PatientProfile = { ...DEFAULT_PROFILE, seed };
  for (const [k, [min, max]] of Object.entries(PROFILE_RANGES) as Array<
    [keyof typeof PROFILE_RANGES, readonly [number, number]]
  >) {
    if (given[k] !== undefined) out[k] = num(given[k], `${at}.${k}`, min, max);
  }
  if (baselineBpm !== undefined && given['restingBpm'] === undefined) out.restingBpm = baselineBpm;
  if (out.diastolic >= out.systolic) fail(`${at}.diastolic must be below systolic`);
  return out;
}

const KNOWN_FIELDS = new Set([
  'address',
  'kind',
  'localName',
  'scenario',
  'seed',
  'hasClock',
  'clockSet',
  'clockOffsetSeconds',
  'measureIntervalSeconds',
  'storedRecords',
  'baselineBpm',
  'patient',
  // Carried by DEMO_DEVICES entries; ignored here.
  'patientId',
]);

/** Validates one SIM_DEVICES entry and fills its defaults. */
export function parseDevice(item: unknown, index: number): DeviceConfig {
  const at = `SIM_DEVICES[${index}]`;
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    fail(`${at} must be an object {address, localName, kind?, …}`);
  }
  const o = item as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!KNOWN_FIELDS.has(k)) fail(`${at}.${k} is not a device field`);
  const { address, localName } = o;
  if (typeof address !== 'string' || !ADDRESS.test(address.toLowerCase())) {
    fail(`${at}.address must be a MAC like c0:ff:ee:00:10:01`);
  }
  if (typeof localName !== 'string' || localName.length === 0)
    fail(`${at}.localName must be a non-empty string`);
  if (Buffer.byteLength(localName, 'utf8') > MAX_LOCAL_NAME_BYTES) {
    fail(`${at}.localName must fit ${MAX_LOCAL_NAME_BYTES} UTF-8 octets`);
  }
  const kind = o['kind'] ?? 'heart-rate-strap';
  if (typeof kind !== 'string' || !(DEVICE_KINDS as readonly string[]).includes(kind)) {
    fail(`${at}.kind must be one of ${DEVICE_KINDS.join(', ')}`);
  }
  const k = kind as DeviceKind;
  const scenario = o['scenario'] ?? 'stable';
  if (!isScenario(scenario)) fail(`${at}.scenario must be one of ${SCENARIOS.join(', ')}`);
  const lower = address.toLowerCase();
  const seed =
    o['seed'] === undefined ? seedFromString(lower) : num(o['seed'], `${at}.seed`, 0, 0xffffffff, true);
  const baselineBpm =
    o['baselineBpm'] === undefined ? undefined : num(o['baselineBpm'], `${at}.baselineBpm`, 30, 200);
  const hasClock =
    o['hasClock'] === undefined ? k !== 'heart-rate-strap' : bool(o['hasClock'], `${at}.hasClock`);
  if (k === 'glucose-meter' && !hasClock)
    fail(`${at}.hasClock cannot be false for a glucose meter (records need a base time)`);
  if (k === 'heart-rate-strap' && hasClock)
    fail(`${at}.hasClock cannot be true for a heart-rate strap (no time service)`);
  const profile = patient(o['patient'], `${at}.patient`, seed, baselineBpm);
  return {
    address: lower,
    kind: k,
    localName,
    scenario,
    seed,
    hasClock,
    clockSet: o['clockSet'] === undefined ? true : bool(o['clockSet'], `${at}.clockSet`),
    clockOffsetSeconds:
      o['clockOffsetSeconds'] === undefined
        ? 0
        : num(o['clockOffsetSeconds'], `${at}.clockOffsetSeconds`, -315_360_000, 315_360_000, true),
    measureIntervalSeconds:
      o['measureIntervalSeconds'] === undefined
        ? DEFAULT_MEASURE_INTERVAL_SECONDS[k]
        : num(o['measureIntervalSeconds'], `${at}.measureIntervalSeconds`, 0, 30 * 86_400, true),
    storedRecords:
      o['storedRecords'] === undefined ? 5 : num(o['storedRecords'], `${at}.storedRecords`, 0, 1000, true),
    baselineBpm: profile.restingBpm,
    patient: profile,
  };
}

/** Parses the whole SIM_DEVICES array; addresses must be unique. */
export function parseWorld(raw: string): DeviceConfig[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    fail('SIM_DEVICES must be a JSON array of {address, localName, kind?, …}');
  }
  if (!Array.isArray(parsed)) fail('SIM_DEVICES must be a JSON array');
  const list = parsed.map(parseDevice);
  const seen = new Set<string>();
  for (const d of list) {
    if (seen.has(d.address)) fail(`SIM_DEVICES lists ${d.address} twice`);
    seen.add(d.address);
  }
  return list;
}
