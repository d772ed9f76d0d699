import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { registrySnapshotSchema } from '@openward/contracts';
import { linearFit, median } from './history.js';
import { parseStatTicks, parseStatus } from './procs.js';
import { benchCredentials, benchSnapshot, fleetDeviceAddress } from './setup.js';
import { counterDelta, promSum } from './sinks.js';

describe('/proc parsers', () => {
  it('reads VmHWM and VmRSS in MiB from a status text', () => {
    const text = 'Name:\tnode\nVmPeak:\t  999 kB\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n';
    expect(parseStatus(text)).toEqual({ hwmMiB: 200, rssMiB: 100 });
  });

  it('never throws on arbitrary text and reports absent fields as NaN', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const m = parseStatus(s.replace(/Vm(HWM|RSS)/g, ''));
        expect(Number.isNaN(m.hwmMiB) && Number.isNaN(m.rssMiB)).toBe(true);
      }),
    );
  });

  it('sums utime and stime whatever the command name holds (spaces, parentheses)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 15 }).filter((s) => !s.includes('\n')),
        fc.nat(),
        fc.nat(),
        (comm, utime, stime) => {
          // fields: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …
          const line = `4242 (${comm}) S 1 2 3 4 5 6 7 8 9 10 ${utime} ${stime} 0 0 20 0 1 0 99`;
          expect(parseStatTicks(line)).toBe(utime + stime);
        },
      ),
    );
  });
});

describe('Prometheus text', () => {
  const text = [
    '# HELP ingest_rejected_total Rejected readings',
    '# TYPE ingest_rejected_total counter',
    'ingest_rejected_total{code="SCHEMA"} 3',
    'ingest_rejected_total{code="OVERSIZE"} 2',
    'ingest_rejected_total_extra 100',
    'ingest_batch_points_sum 1500',
    'ingest_batch_points_count 3',
  ].join('\n');

  it('sums every label set of a metric and nothing with a longer name', () => {
    expect(promSum(text, 'ingest_rejected_total')).toBe(5);
    expect(promSum(text, 'ingest_batch_points_sum')).toBe(1500);
    expect(promSum(text, 'ingest_missing')).toBe(0);
  });

  it('sums arbitrary label sets exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.stringMatching(/^[a-z_]{1,8}$/), fc.nat(10_000))), (samples) => {
        const body = samples.map(([l, v]) => `m_total{code="${l}"} ${v}`).join('\n');
        expect(promSum(body, 'm_total')).toBe(samples.reduce((s, [, v]) => s + v, 0));
      }),
    );
  });

  it('subtracts counter snapshots field by field', () => {
    const a = {
      accepted: 1,
      rejected: 0,
      writeFailures: 0,
      batches: 2,
      batchPoints: 10,
      batchWriteSeconds: 1,
    };
    const b = {
      accepted: 5,
      rejected: 1,
      writeFailures: 0,
      batches: 4,
      batchPoints: 30,
      batchWriteSeconds: 1.5,
    };
    expect(counterDelta(a, b)).toEqual({
      accepted: 4,
      rejected: 1,
      writeFailures: 0,
      batches: 2,
      batchPoints: 20,
      batchWriteSeconds: 0.5,
    });
  });
});

describe('fit and median', () => {
  it('recovers the line through exact points', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -1000, max: 1000 }), (a, b) => {
        const fit = linearFit([1, 3, 10].map((x) => ({ x, y: a + b * x })));
        expect(fit.a).toBeCloseTo(a, 6);
        expect(fit.b).toBeCloseTo(b, 6);
      }),
    );
  });

  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('fleet registry', () => {
  it('gives every gateway its own device and patient in a valid registry snapshot', async () => {
    const fleet = benchCredentials(3);
    const probe = benchCredentials(1, 'gw-probe');
    const snap = registrySnapshotSchema.parse(await benchSnapshot(fleet, probe));
    expect(snap.gateways.map((g) => g.id)).toEqual([
      'gw-bench-00001',
      'gw-bench-00002',
      'gw-bench-00003',
      'gw-probe-00001',
    ]);
    expect(snap.devices.map((d) => d.address)).toEqual([1, 2, 3, 4].map(fleetDeviceAddress));
    expect(new Set(snap.assignments.map((a) => a.patientId)).size).toBe(4);
  });

  it('formats device addresses as the fleet CLI does (02:0f + index as 4 bytes)', () => {
    expect(fleetDeviceAddress(1)).toBe('02:0f:00:00:00:01');
    expect(fleetDeviceAddress(0x1234abcd)).toBe('02:0f:12:34:ab:cd');
  });
});
