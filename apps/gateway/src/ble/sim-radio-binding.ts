import { EventEmitter } from 'node:events';
import { fromHex, toHex, type RadioEvent, type ServiceInfo } from '@openward/sim-radio';
import { SimRadioClient, type SimRadioClientOptions } from './sim-radio-client.js';

/** Client Characteristic Configuration descriptor (Core Spec Vol 3 Part G §3.3.3.3). */
const CCCD_UUID = '2902';

export type SimRadioBindingOptions = SimRadioClientOptions;

/**
 * A noble binding (the object `new Noble(bindings)` drives) that speaks the simulated radio protocol of
 * `@openward/sim-radio` over TCP, so real `@stoprocent/noble` runs unmodified against `firmware-sim`.
 *
 * Implements the methods noble 2.8.0 calls on a binding (see `node_modules/@stoprocent/noble/lib/noble.js`)
 * and emits the same events with the same argument lists as `lib/hci-socket/bindings.js`, plus the
 * optional trailing `error` argument noble's handlers accept. Every event is emitted asynchronously.
 * Peripheral ids are the address without colons, lowercase (as the HCI binding does).
 *
 * Losing the radio socket is reported as adapter state `poweredOff` (noble then disconnects every
 * peripheral itself) and the client reconnects with backoff; `poweredOn` follows a successful `hello`.
 */
export class SimRadioBinding extends EventEmitter {
  private readonly radio: SimRadioClient;
  private state: 'unknown' | 'poweredOn' | 'poweredOff' = 'unknown';
  private scanUuids: string[] = [];
  private scanning = false;
  private readonly addresses = new Map<string, string>();
  private readonly rssi = new Map<string, number>();
  private readonly connected = new Set<string>();
  private readonly gatt = new Map<string, ServiceInfo[]>();
  private readonly subscribed = new Set<string>();

  constructor(private readonly opts: SimRadioBindingOptions) {
    super();
    this.radio = new SimRadioClient(opts);
    this.radio.on('up', () => this.setState('poweredOn'));
    this.radio.on('down', () => {
      // Noble tears down every peripheral when the adapter leaves poweredOn (Noble#_onStateChange), so
      // per-link state is dropped here without emitting a disconnect per peripheral.
      this.connected.clear();
      this.gatt.clear();
      this.subscribed.clear();
      this.scanning = false;
      this.setState('poweredOff');
    });
    this.radio.on('radioEvent', (e: RadioEvent) => this.onRadioEvent(e));
  }

  /** Adapter state as reported to noble. */
  get adapterState(): string {
    return this.state;
  }

  // ---- lifecycle (noble: _initializeBindings → start(), Noble#stop → stop(), Noble#reset → reset()) ----

  start(): void {
    this.radio.start();
  }

  stop(): void {
    this.radio.stop();
  }

  reset(): void {
    this.radio.reset();
  }

  /** Noble converts a colon address to a peripheral id with this (Noble#_getPeripheralId). */
  addressToId(address: string): string {
    return address.replace(/:/g, '').toLowerCase();
  }

  // ---- scanning ----

  setScanParameters(_interval: number, _window: number): void {
    this.emitAsync('scanParametersSet');
  }

  startScanning(serviceUuids?: string[], allowDuplicates?: boolean): void {
    this.scanUuids = (serviceUuids ?? []).map((u) => u.toLowerCase());
    this.radio.call('scan', { on: true, serviceUuids: this.scanUuids }).then(
      () => {
        this.scanning = true;
        this.emit('scanStart', !allowDuplicates);
      },
      (e: Error) => this.opts.logger.warn({ err: e.message }, 'sim radio: scan start failed'),
    );
  }

  stopScanning(): void {
    if (!this.scanning || this.state !== 'poweredOn') {
      this.scanning = false;
      this.emitAsync('scanStop');
      return;
    }
    this.radio.call('scan', { on: false }).then(
      () => {
        this.scanning = false;
        this.emit('scanStop');
      },
      () => {
        this.scanning = false;
        this.emit('scanStop');
      },
    );
  }

  // ---- connections ----

  connect(peripheralId: string, _parameters?: unknown): void {
    if (this.state !== 'poweredOn') {
      this.emitAsync(
        'connect',
        peripheralId,
        new Error(`Cannot connect while adapter state is ${this.state}`),
      );
      return;
    }
    this.radio.call('connect', { address: this.addressOf(peripheralId) }).then(
      () => {
        this.connected.add(peripheralId);
        this.emit('connect', peripheralId, null);
      },
      (e: Error) => this.emit('connect', peripheralId, e),
    );
  }

  cancelConnect(peripheralId: string, _parameters?: unknown): void {
    // Noble already failed the pending connect; make sure the radio does not keep the link.
    this.radio.call('disconnect', { address: this.addressOf(peripheralId) }).catch(() => undefined);
  }

  disconnect(peripheralId: string): void {
    const done = (): void => this.markDisconnected(peripheralId, 'local');
    if (this.state !== 'poweredOn') {
      setImmediate(done);
      return;
    }
    this.radio.call('disconnect', { address: this.addressOf(peripheralId) }).then(done, done);
  }

  updateRssi(peripheralId: string): void {
    this.emitAsync('rssiUpdate', peripheralId, this.rssi.get(peripheralId) ?? 127);
  }

  // ---- GATT discovery: the radio answers one `discover` with the whole table; it is cached per link ----

  discoverServices(peripheralId: string, uuids?: string[]): void {
    const wanted = (uuids ?? []).map((u) => u.toLowerCase());
    this.radio.call('discover', { address: this.addressOf(peripheralId) }).then(
      (r) => {
        const services = r.services;
        this.gatt.set(peripheralId, services);
        const found = services.map((s) => s.uuid).filter((u) => wanted.length === 0 || wanted.includes(u));
        this.emit('servicesDiscover', peripheralId, found);
      },
      (e: Error) => this.emit('servicesDiscover', peripheralId, [], e),
    );
  }

  discoverIncludedServices(peripheralId: string, serviceUuid: string, _serviceUuids?: string[]): void {
    // The simulated GATT tables have no included services.
    this.emitAsync('includedServicesDiscover', peripheralId, serviceUuid, []);
  }

  discoverCharacteristics(peripheralId: string, serviceUuid: string, characteristicUuids?: string[]): void {
    const wanted = (characteristicUuids ?? []).map((u) => u.toLowerCase());
    const service = this.gatt.get(peripheralId)?.find((s) => s.uuid === serviceUuid);
    if (!service) {
      this.emitAsync(
        'characteristicsDiscover',
        peripheralId,
        serviceUuid,
        [],
        new Error(`service ${serviceUuid} not discovered on ${peripheralId}`),
      );
      return;
    }
    const chars = service.characteristics
      .filter((c) => wanted.length === 0 || wanted.includes(c.uuid))
      .map((c) => ({ uuid: c.uuid, properties: [...c.properties] }));
    this.emitAsync('characteristicsDiscover', peripheralId, serviceUuid, chars);
  }

  discoverDescriptors(peripheralId: string, serviceUuid: string, characteristicUuid: string): void {
    const props = this.propertiesOf(peripheralId, serviceUuid, characteristicUuid);
    const descriptors = props.includes('notify') || props.includes('indicate') ? [CCCD_UUID] : [];
    this.emitAsync('descriptorsDiscover', peripheralId, serviceUuid, characteristicUuid, descriptors);
  }

  // ---- GATT operations ----

  read(peripheralId: string, serviceUuid: string, characteristicUuid: string): void {
    this.radio
      .call('read', {
        address: this.addressOf(peripheralId),
        service: serviceUuid,
        characteristic: characteristicUuid,
      })
      .then(
        (r) =>
          this.emit(
            'read',
            peripheralId,
            serviceUuid,
            characteristicUuid,
            Buffer.from(fromHex(r.data)),
            false,
          ),
        (e: Error) =>
          this.emit('read', peripheralId, serviceUuid, characteristicUuid, Buffer.alloc(0), false, e),
      );
  }

  write(
    peripheralId: string,
    serviceUuid: string,
    characteristicUuid: string,
    data: Uint8Array,
    withoutResponse: boolean,
  ): void {
    this.radio
      .call('write', {
        address: this.addressOf(peripheralId),
        service: serviceUuid,
        characteristic: characteristicUuid,
        data: toHex(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)),
        withoutResponse: Boolean(withoutResponse),
      })
      .then(
        () => this.emit('write', peripheralId, serviceUuid, characteristicUuid),
        (e: Error) => this.emit('write', peripheralId, serviceUuid, characteristicUuid, e),
      );
  }

  broadcast(peripheralId: string, serviceUuid: string, characteristicUuid: string, broadcast: boolean): void {
    this.emitAsync(
      'broadcast',
      peripheralId,
      serviceUuid,
      characteristicUuid,
      broadcast,
      new Error('broadcast is not supported by the simulated radio'),
    );
  }

  notify(peripheralId: string, serviceUuid: string, characteristicUuid: string, notify: boolean): void {
    const key = `${peripheralId}/${serviceUuid}/${characteristicUuid}`;
    this.radio
      .call('subscribe', {
        address: this.addressOf(peripheralId),
        service: serviceUuid,
        characteristic: characteristicUuid,
        on: notify,
      })
      .then(
        () => {
          if (notify) this.subscribed.add(key);
          else this.subscribed.delete(key);
          this.emit('notify', peripheralId, serviceUuid, characteristicUuid, notify);
        },
        (e: Error) => this.emit('notify', peripheralId, serviceUuid, characteristicUuid, !notify, e),
      );
  }

  /** Descriptor reads: only the CCCD exists, reflecting the subscription (bit 0 = notifications). */
  readValue(
    peripheralId: string,
    serviceUuid: string,
    characteristicUuid: string,
    descriptorUuid: string,
  ): void {
    if (descriptorUuid !== CCCD_UUID) {
      this.emitAsync(
        'valueRead',
        peripheralId,
        serviceUuid,
        characteristicUuid,
        descriptorUuid,
        Buffer.alloc(0),
        new Error(`descriptor ${descriptorUuid} not found`),
      );
      return;
    }
    const on = this.subscribed.has(`${peripheralId}/${serviceUuid}/${characteristicUuid}`);
    this.emitAsync(
      'valueRead',
      peripheralId,
      serviceUuid,
      characteristicUuid,
      descriptorUuid,
      Buffer.from([on ? 0x01 : 0x00, 0x00]),
    );
  }

  /** Writing the CCCD subscribes/unsubscribes, as on a real peripheral. */
  writeValue(
    peripheralId: string,
    serviceUuid: string,
    characteristicUuid: string,
    descriptorUuid: string,
    data: Uint8Array,
  ): void {
    if (descriptorUuid !== CCCD_UUID) {
      this.emitAsync(
        'valueWrite',
        peripheralId,
        serviceUuid,
        characteristicUuid,
        descriptorUuid,
        new Error(`descriptor ${descriptorUuid} not writable`),
      );
      return;
    }
    const on = ((data[0] ?? 0) & 0x03) !== 0;
    this.radio
      .call('subscribe', {
        address: this.addressOf(peripheralId),
        service: serviceUuid,
        characteristic: characteristicUuid,
        on,
      })
      .then(
        () => this.emit('valueWrite', peripheralId, serviceUuid, characteristicUuid, descriptorUuid),
        (e: Error) =>
          this.emit('valueWrite', peripheralId, serviceUuid, characteristicUuid, descriptorUuid, e),
      );
  }

  readHandle(peripheralId: string, handle: number): void {
    this.emitAsync(
      'handleRead',
      peripheralId,
      handle,
      Buffer.alloc(0),
      new Error('ATT handles are not exposed by the simulated radio'),
    );
  }

  writeHandle(peripheralId: string, handle: number, _data: Uint8Array, _withoutResponse: boolean): void {
    this.emitAsync(
      'handleWrite',
      peripheralId,
      handle,
      new Error('ATT handles are not exposed by the simulated radio'),
    );
  }

  // ---- radio events ----

  private setState(state: 'poweredOn' | 'poweredOff'): void {
    if (this.state === state) return;
    this.state = state;
    this.emit('stateChange', state);
  }

  private onRadioEvent(event: RadioEvent): void {
    switch (event.ev) {
      case 'advert': {
        const id = this.addressToId(event.address);
        const matches =
          this.scanUuids.length === 0 || event.serviceUuids.some((u) => this.scanUuids.includes(u));
        if (!this.scanning || !matches) return;
        this.addresses.set(id, event.address);
        this.rssi.set(id, event.rssi);
        const advertisement = {
          localName: event.localName,
          serviceUuids: event.serviceUuids,
          serviceData: [],
          serviceSolicitationUuids: [],
          txPowerLevel: undefined,
          manufacturerData: event.manufacturerData ? Buffer.from(fromHex(event.manufacturerData)) : undefined,
        };
        this.emit(
          'discover',
          id,
          event.address,
          event.addressType,
          event.connectable,
          advertisement,
          event.rssi,
          false,
        );
        return;
      }
      case 'notification':
        // Notifications reach noble as `read` with isNotification = true (hci-socket onNotification).
        this.emit(
          'read',
          this.addressToId(event.address),
          event.service,
          event.characteristic,
          Buffer.from(fromHex(event.data)),
          true,
        );
        return;
      case 'disconnected':
        this.markDisconnected(this.addressToId(event.address), event.reason);
        return;
    }
  }

  private markDisconnected(peripheralId: string, reason: string): void {
    // Emit once per link, whichever of our request or the radio's event reports it first.
    if (!this.connected.delete(peripheralId)) return;
    this.gatt.delete(peripheralId);
    for (const key of [...this.subscribed])
      if (key.startsWith(`${peripheralId}/`)) this.subscribed.delete(key);
    this.emit('disconnect', peripheralId, reason);
  }

  private addressOf(peripheralId: string): string {
    return this.addresses.get(peripheralId) ?? (peripheralId.match(/.{1,2}/g) ?? []).join(':');
  }

  private propertiesOf(peripheralId: string, serviceUuid: string, characteristicUuid: string): string[] {
    const s = this.gatt.get(peripheralId)?.find((x) => x.uuid === serviceUuid);
    return [...(s?.characteristics.find((c) => c.uuid === characteristicUuid)?.properties ?? [])];
  }

  private emitAsync(event: string, ...args: unknown[]): void {
    setImmediate(() => this.emit(event, ...args));
  }
}
