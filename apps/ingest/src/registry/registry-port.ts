import type { RegistrySnapshot } from '@openward/contracts';

/** What ingest needs to know about a gateway. */
export interface GatewayEntry {
  secretHash: string;
  status: 'active' | 'revoked';
}

/**
 * Read side of the registry (DESIGN.md §8). Lookups are synchronous on an in-memory snapshot so the publish
 * path never waits on I/O; adapters replace the snapshot atomically when a newer version arrives.
 */
export interface RegistryPort {
  /** True once any snapshot (file or cache) has been applied. */
  isLoaded(): boolean;
  /** Version of the applied snapshot, or null. */
  version(): number | null;
  gateway(gatewayId: string): GatewayEntry | undefined;
  /** Gateway a device is registered to, or undefined. */
  deviceGateway(address: string): string | undefined;
  /** Patient the device was assigned to at `measuredAtMs`, or null. */
  patientAt(address: string, measuredAtMs: number): string | null;
  /** Called after each applied snapshot; returns an unsubscribe function. */
  onChange(listener: (version: number) => void): () => void;
}

/** An in-memory registry over one snapshot at a time; the file adapter feeds it. */
export class SnapshotRegistry implements RegistryPort {
  private snapshot: RegistrySnapshot | null = null;
  private gateways = new Map<string, GatewayEntry>();
  private devices = new Map<string, string>();
  private assignments = new Map<string, readonly Interval[]>();
  private readonly listeners = new Set<(version: number) => void>();

  isLoaded(): boolean {
    return this.snapshot !== null;
  }

  version(): number | null {
    return this.snapshot?.version ?? null;
  }

  current(): RegistrySnapshot | null {
    return this.snapshot;
  }

  gateway(gatewayId: string): GatewayEntry | undefined {
    return this.gateways.get(gatewayId);
  }

  deviceGateway(address: string): string | undefined {
    return this.devices.get(address);
  }

  patientAt(address: string, measuredAtMs: number): string | null {
    // Same answer as contracts' patientAt (the reference, checked by a property test), without scanning every
    // assignment and parsing two ISO dates per assignment for every reading on the hot path.
    for (const a of this.assignments.get(address) ?? []) {
      if (measuredAtMs >= a.fromMs && measuredAtMs < a.toMs) return a.patientId;
    }
    return null;
  }

  onChange(listener: (version: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Applies `next` if it is newer than the current snapshot (or the first one). Returns whether it was
   * applied: an older or equal version is ignored (DESIGN.md §8).
   */
  apply(next: RegistrySnapshot): boolean {
    if (this.snapshot && next.version <= this.snapshot.version) return false;
    this.snapshot = next;
    this.gateways = new Map(next.gateways.map((g) => [g.id, { secretHash: g.secretHash, status: g.status }]));
    this.devices = new Map(next.devices.map((d) => [d.address, d.gatewayId]));
    this.assignments = indexAssignments(next);
    for (const l of this.listeners) l(next.version);
    return true;
  }
}

interface Interval {
  fromMs: number;
  toMs: number;
  patientId: string;
}

/** Assignments by device address, in snapshot order (the first match wins, as in contracts' patientAt). */
function indexAssignments(snapshot: RegistrySnapshot): Map<string, readonly Interval[]> {
  const byDevice = new Map<string, Interval[]>();
  for (const a of snapshot.assignments) {
    const list = byDevice.get(a.deviceAddress) ?? [];
    list.push({
      fromMs: Date.parse(a.from),
      toMs: a.to === null ? Number.POSITIVE_INFINITY : Date.parse(a.to),
      patientId: a.patientId,
    });
    byDevice.set(a.deviceAddress, list);
  }
  return byDevice;
}
