import { describe, expect, it } from '@jest/globals';
import { formatLogLine } from './log-format.js';
import { summarize } from '@openward/testing';

describe('formatLogLine', () => {
  it('renders pino JSON as time, service, level, message and fields', () => {
    const line = JSON.stringify({
      level: 30,
      time: Date.parse('2026-11-25T08:40:01.000Z'),
      pid: 1,
      hostname: 'h',
      msg: 'ready',
      port: 18080,
    });
    expect(formatLogLine('api', line)).toBe('08:40:01 api      info  ready  port=18080');
  });
  it('accepts ISO string times as well as epoch ms', () => {
    const line = JSON.stringify({ level: 30, time: '2026-11-25T09:24:33.000Z', msg: 'stopped' });
    expect(formatLogLine('ingest', line)).toBe('09:24:33 ingest   info  stopped');
  });
  it('marks warnings and errors in capitals', () => {
    expect(formatLogLine('ingest', JSON.stringify({ level: 50, time: 0, msg: 'boom' }))).toContain(
      'ERROR boom',
    );
  });
  it('passes through lines that are not JSON', () => {
    expect(formatLogLine('sim', 'plain text')).toBe('sim      plain text');
    expect(formatLogLine('sim', '{broken')).toBe('sim      {broken');
  });
});

describe('summarize', () => {
  it('computes nearest-rank percentiles', () => {
    const s = summarize(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(s).toMatchObject({ n: 100, p50: 50, p90: 90, p99: 99, max: 100, mean: 50.5 });
  });
  it('returns NaN statistics for no samples rather than throwing', () => {
    expect(summarize([]).n).toBe(0);
    expect(summarize([]).p99).toBeNaN();
  });
});
