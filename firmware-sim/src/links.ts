/**
 * Who is linked to which device, what each link subscribed to, and how bytes reach the central: the
 * part of the air that sends. It applies a device's pending byte faults at the moment of sending, keeps
 * Battery Level notifications to changes, and runs the devices' multi-step transmissions (transfers.ts),
 * which a lost link cuts.
 */
import { toHex, type RadioEvent } from '@openward/sim-radio';
import type { Logger } from 'pino';
import type { SimClock } from './clock.js';
import type { Emission, SimDevice, Step } from './devices/device.js';
import { UUID } from './gatt/layout.js';
import { Transfers, withDisconnect } from './transfers.js';

/** One connected central: the radio server gives each TCP connection one of these. */
export interface Central {
  readonly id: number;
  send(event: RadioEvent): void;
}

export interface Link {
  central: Central;
  subscriptions: Set<string>;
}

export const subscriptionKey = (service: string, characteristic: string): string =>
  `${service}/${characteristic}`;

export class LinkTable {
  private readonly links = new Map<string, Link>();
  private readonly lastBattery = new Map<string, number>();
  private readonly transfers: Transfers;
  readonly counters = { notifications: 0, linksDroppedMidTransfer: 0 };

  constructor(
    clock: SimClock,
    private readonly devices: ReadonlyMap<string, SimDevice>,
    private readonly logger: Logger,
  ) {
    this.transfers = new Transfers(clock, (address, step) => this.perform(address, step));
  }

  get(address: string): Link | undefined {
    return this.links.get(address);
  }

  has(address: string): boolean {
    return this.links.has(address);
  }

  entries(): IterableIterator<[string, Link]> {
    return this.links.entries();
  }

  open(address: string, central: Central): void {
    this.links.set(address, { central, subscriptions: new Set() });
    this.lastBattery.delete(address);
  }

  /** Removes the link; a transmission still running for the device is cut. */
  drop(address: string): void {
    this.links.delete(address);
    if (this.transfers.cancel(address)) this.logger.info({ address }, 'transfer cut: link lost');
  }

  subscribed(address: string, service: string, characteristic: string): boolean {
    return this.links.get(address)?.subscriptions.has(subscriptionKey(service, characteristic)) ?? false;
  }

  busy(address: string): boolean {
    return this.transfers.busy(address);
  }

  cancelTransfer(address: string): boolean {
    return this.transfers.cancel(address);
  }

  stop(): void {
    this.transfers.cancelAll();
  }

  /**
   * Starts a device's steps; an armed disconnect-mid-transfer fault cuts one that sends the central at
   * least two notifications.
   */
  startSteps(device: SimDevice, steps: Step[]): void {
    let run = steps;
    // Only what reaches the central counts: a record's 2a34 the central did not subscribe to is not "sent".
    const received = (s: Step): boolean =>
      s.emission !== undefined &&
      this.subscribed(device.address, s.emission.service, s.emission.characteristic);
    if (steps.filter(received).length >= 2) {
      const fault = device.takeDisconnectFault();
      if (fault) run = withDisconnect(steps, fault.after, received);
    }
    this.transfers.start(device.address, run);
  }

  /** Sends an emission if a central is subscribed to it, applying pending byte faults; then battery. */
  deliver(device: SimDevice, e: Emission): void {
    const link = this.links.get(device.address);
    if (link?.subscriptions.has(subscriptionKey(e.service, e.characteristic))) {
      const out = device.outgoing(e);
      const hex = this.send(link, device.address, out.service, out.characteristic, out.bytes);
      this.logger.debug(
        { address: device.address, characteristic: out.characteristic, hex, fault: out.fault },
        'notify',
      );
    }
    this.notifyBattery(device);
  }

  send(link: Link, address: string, service: string, characteristic: string, bytes: Uint8Array): string {
    const data = toHex(bytes);
    link.central.send({ ev: 'notification', address, service, characteristic, data });
    this.counters.notifications += 1;
    return data;
  }

  /** Battery Service v1.0: notify Battery Level when it changes. */
  notifyBattery(device: SimDevice): void {
    const link = this.links.get(device.address);
    const level = device.batteryLevel;
    if (!link || !link.subscriptions.has(subscriptionKey(UUID.batteryService, UUID.batteryLevel))) return;
    if (this.lastBattery.get(device.address) === level) return;
    const battery = device.read(UUID.batteryLevel, 0);
    if (battery.ok) this.send(link, device.address, UUID.batteryService, UUID.batteryLevel, battery.value);
    this.lastBattery.set(device.address, level);
  }

  /** One transfer step; false stops the transfer. */
  private perform(address: string, step: Step): boolean {
    const device = this.devices.get(address);
    if (!device) return false;
    if (step.disconnect) {
      const link = this.links.get(address);
      if (link) {
        this.links.delete(address);
        link.central.send({ ev: 'disconnected', address, reason: step.disconnect });
        this.counters.linksDroppedMidTransfer += 1;
        this.logger.info({ address, central: link.central.id }, 'link dropped mid-transfer (fault)');
      }
      return false;
    }
    if (step.emission) this.deliver(device, step.emission);
    return true;
  }
}
