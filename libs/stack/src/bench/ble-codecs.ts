#!/usr/bin/env node
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { decodeCharacteristic, type KnownCharacteristicUuid } from '@openward/ble-codecs';
import { fmt, machine, summarize, writeSection } from '@openward/testing';
import { workspaceRoot } from '../paths.js';

/**
 * Decode throughput of the medical GATT codecs through the public dispatch table
 * (`decodeCharacteristic(uuid16, bytes)`), on the value a real device typically sends.
 * Baseline, same run and same bytes: a bare DataView pass that reads the flags octet and every following
 * uint16 into a running sum — the least work any decoder must do to look at the value.
 * Each case: warm-up, then ROUNDS rounds of N decodes; the table reports the median round.
 */
const N = Number(process.env['BENCH_N'] ?? 200_000);
const ROUNDS = 7;
const WARMUP = 50_000;

const hex = (h: string): Uint8Array =>
  Uint8Array.from(h.replace(/\s+/g, '').match(/../g) ?? [], (b) => parseInt(b, 16));
const TS = 'ea07 0b 19 09 1e 0f'; // 2026-11-25 09:30:15

/** Realistic values: what a cuff / thermometer / oximeter / scale indicates after a measurement. */
const CASES: ReadonlyArray<{ uuid: KnownCharacteristicUuid; what: string; bytes: Uint8Array }> = [
  { uuid: '2A37', what: 'Heart Rate (reference: uint8 rate, 2 RR)', bytes: hex('16 48 5603 6003') },
  {
    uuid: '2A35',
    what: 'Blood Pressure: mmHg, time stamp, pulse, user, status',
    bytes: hex(`1e 7800 5000 a5f3 ${TS} 4800 01 0000`),
  },
  { uuid: '2A36', what: 'Intermediate Cuff Pressure: 142 mmHg', bytes: hex('00 8e00 ff07 ff07') },
  { uuid: '2A1C', what: 'Temperature: 36.6 Cel, time stamp, type', bytes: hex(`06 6e0100ff ${TS} 01`) },
  { uuid: '2A1E', what: 'Intermediate Temperature: 36.4 Cel', bytes: hex('00 6c0100ff') },
  {
    uuid: '2A5E',
    what: 'PLX Spot-check: SpO2, PR, timestamp, status',
    bytes: hex(`03 6200 4800 ${TS} 8000`),
  },
  { uuid: '2A5F', what: 'PLX Continuous: normal + fast, PAI', bytes: hex('11 6200 4800 6100 4b00 35f0') },
  {
    uuid: '2A9D',
    what: 'Weight: 70 kg, time stamp, user, BMI + height',
    bytes: hex(`0e b036 ${TS} 01 e500 d606`),
  },
  {
    uuid: '2A9C',
    what: 'Body Composition: every field',
    bytes: hex(`fe0f ea00 ${TS} 01 6419 9c01 4416 e029 2427 3c1e 0314 b036 d606`),
  },
  { uuid: '2A08', what: 'Date Time', bytes: hex(TS) },
  { uuid: '2A2B', what: 'Current Time', bytes: hex(`${TS} 03 80 00`) },
];

let sink = 0; // consumed after the loops so the work cannot be optimised away

function baselineRead(bytes: Uint8Array): number {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let s = v.getUint8(0);
  for (let i = 1; i + 1 < bytes.length; i += 2) s += v.getUint16(i, true);
  return s;
}

/**
 * Median ns per operation of the baseline and of the decode. Rounds alternate between the two so that
 * load from other processes on this shared machine affects both sides of the ratio alike.
 */
function measurePair(base: () => number, decode: () => number): { baseNs: number; codecNs: number } {
  for (let i = 0; i < WARMUP; i++) sink += base() + decode();
  const baseRounds: number[] = [];
  const codecRounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    let t0 = performance.now();
    for (let i = 0; i < N; i++) sink += base();
    baseRounds.push(((performance.now() - t0) * 1e6) / N);
    t0 = performance.now();
    for (let i = 0; i < N; i++) sink += decode();
    codecRounds.push(((performance.now() - t0) * 1e6) / N);
  }
  return { baseNs: summarize(baseRounds).p50, codecNs: summarize(codecRounds).p50 };
}

/** A Markdown table with padded columns, in the layout Prettier gives it (the repo checks formatting). */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function main(): void {
  const rows: string[][] = [];
  for (const c of CASES) {
    const check = decodeCharacteristic(c.uuid, c.bytes);
    if (!check.ok) throw new Error(`bench fixture for ${c.uuid} does not decode: ${check.message}`);
    const { baseNs, codecNs } = measurePair(
      () => baselineRead(c.bytes),
      () => (decodeCharacteristic(c.uuid, c.bytes).ok ? 1 : 0),
    );
    const perSec = (ns: number): string => Math.round(1e9 / ns).toLocaleString('en-US');
    rows.push([
      `0x${c.uuid}`,
      c.what,
      String(c.bytes.length),
      perSec(codecNs),
      fmt(codecNs),
      perSec(baseNs),
      `${(codecNs / baseNs).toFixed(1)}×`,
    ]);
    console.log(`0x${c.uuid}: ${perSec(codecNs)} decodes/s (baseline ${perSec(baseNs)} reads/s)`);
  }
  if (sink === -1) console.log(sink);

  // The leading comment line keeps the section Prettier-clean right after writeSection's start marker.
  const md = `
<!-- written by libs/stack/src/bench/ble-codecs.ts -->

## BLE codec decode throughput (\`node libs/stack/dist/bench/ble-codecs.js\`)

Measured ${new Date().toISOString()} on ${machine()}.
Each row decodes the same realistic characteristic value through \`decodeCharacteristic(uuid16, bytes)\`
(dispatch, bounds checks, SFLOAT/FLOAT and date-time decoding, result object) ${N.toLocaleString('en-US')} times
per round after ${WARMUP.toLocaleString('en-US')} warm-up calls; the median of ${ROUNDS} rounds is shown.
Baseline in the same run, same bytes: a bare \`DataView\` pass reading the flags octet and every following
uint16 into a sum. The ratio is time per decode ÷ time per baseline pass (how much dearer a full decode is
than merely touching the bytes).

${table(['UUID', 'value', 'octets', 'decodes/s', 'ns/decode', 'baseline reads/s', 'decode ÷ baseline'], rows)}

A gateway receives at most a few notifications per second per device, so even the dearest codec leaves
several orders of magnitude of headroom on this machine.
`;
  writeSection(join(workspaceRoot(), 'docs/benchmarks.md'), 'ble-codecs', md);
  console.log('wrote docs/benchmarks.md section ble-codecs');
}

main();
