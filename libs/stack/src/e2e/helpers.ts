import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_DEVICES, DEMO_STAFF, waitFor, type DemoDevice } from '@openward/testing';
import { simNotify } from '../clients.js';
import { Stack, type StackOptions } from '../stack.js';

/** Starts the whole platform in a fresh temp data dir on free ports; `dispose` stops it and deletes the dir. */
export async function startTestStack(
  opts: Partial<StackOptions> = {},
): Promise<{ stack: Stack; dispose: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'openward-e2e-'));
  const keep = process.env['OPENWARD_E2E_LOGS'] === '1';
  const stack = await Stack.start({
    dataDir,
    serveDashboard: false,
    echo: keep ? (n, l) => process.stdout.write(`[${n}] ${l}\n`) : undefined,
    ...opts,
  });
  return {
    stack,
    dispose: async () => {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Emits a notification once the gateway has subscribed to the device (the simulator answers 409 until a
 * central is subscribed), retrying only on that answer.
 */
export async function notifyWhenSubscribed(
  stack: Stack,
  address: string,
  heartRate: number,
): Promise<number> {
  return waitFor(
    async () => {
      try {
        return (await simNotify(stack.simControlUrl, address, heartRate)).emittedAt;
      } catch (e) {
        if (e instanceof Error && e.message.includes('HTTP 409')) return undefined;
        throw e;
      }
    },
    { timeoutMs: 30_000, intervalMs: 100, what: `gateway subscribed to ${address}` },
  );
}

/** A demo staff member by username (throws if the demo world has none). */
export function demoStaff(username: string): (typeof DEMO_STAFF)[number] {
  const s = DEMO_STAFF.find((x) => x.username === username);
  if (!s) throw new Error(`no demo staff ${username}`);
  return s;
}

/** The demo device of a kind (default: the heart-rate strap) assigned to a patient (throws if none). */
export function demoDevice(patientId: string, kind: DemoDevice['kind'] = 'heart-rate-strap'): DemoDevice {
  const d = DEMO_DEVICES.find((x) => x.patientId === patientId && x.kind === kind);
  if (!d) throw new Error(`no demo ${kind} for ${patientId}`);
  return d;
}
