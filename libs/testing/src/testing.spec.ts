import { describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import {
  DEMO_DEVICES,
  DEMO_PATIENTS,
  DEMO_STAFF,
  freePort,
  startNode,
  waitFor,
  waitForPort,
} from './index.js';

describe('demo world', () => {
  it('assigns every device to a known patient and gives every staff member a distinct login', () => {
    const patients = new Set<string>(DEMO_PATIENTS.map((p) => p.id));
    for (const d of DEMO_DEVICES) expect(patients.has(d.patientId)).toBe(true);
    expect(new Set(DEMO_DEVICES.map((d) => d.address)).size).toBe(DEMO_DEVICES.length);
    expect(new Set(DEMO_STAFF.map((s) => s.username)).size).toBe(DEMO_STAFF.length);
  });
});

describe('ports and waiting', () => {
  it('finds a free port and sees when something listens on it', async () => {
    const port = await freePort();
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(port, '127.0.0.1', r));
    await expect(waitForPort(port, 2000)).resolves.toBeUndefined();
    srv.close();
  });
  it('waitFor returns the first truthy value and times out with the condition named', async () => {
    let n = 0;
    await expect(waitFor(() => (++n >= 3 ? n : undefined), { intervalMs: 1 })).resolves.toBe(3);
    await expect(waitFor(() => false, { timeoutMs: 50, what: 'pigs to fly' })).rejects.toThrow(/pigs to fly/);
  });
});

describe('ManagedProcess', () => {
  it('waits for a log line, keeps lines split across chunks whole, and stops by PID', async () => {
    const script = `process.stdout.write('{"msg":"rea'); setTimeout(() => { process.stdout.write('dy"}\\n'); }, 30); process.on('SIGTERM', () => { console.log('bye'); process.exit(0); }); setInterval(() => {}, 1000);`;
    const p = startNode('child', '-e', [script]);
    // startNode runs `node <script>`: '-e' as the script path makes node evaluate the next argument.
    await expect(p.waitForLine(/"msg":"ready"/, 5000)).resolves.toBe('{"msg":"ready"}');
    await p.stop('SIGTERM', 5000);
    expect(p.exit).toEqual({ code: 0, signal: null });
    expect(p.lines).toContain('bye');
  });
});
