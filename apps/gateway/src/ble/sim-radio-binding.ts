import { EventEmitter } from 'node:events';
import { Socket } from 'node:net';
import {
  LineSplitter,
  SIM_RADIO_PROTOCOL_VERSION,
  encodeLine,
  fromHex,
  parseRadioMessage,
  toHex,
  type RadioEvent,
  type RadioRequest,
  type RadioResponse,
  type RadioResults,
  type ServiceInfo,
} from '@openward/sim-radio';
import type { Logger } from 'pino';
import { backoffDelay, type BackoffPolicy } from '../backoff.js';

/** Client Characteristic Configuration descriptor (Core Spec Vol 3 Part G §3.3.3.3). */
const CCCD_UUID = '2902';

export interface SimRadioBindingOptions {
  host: string;
  port: number;
  logger: Logger;
  /** Reconnect backoff towards the radio socket (default 200 ms doubling to 5 s). */
  reconnect?: BackoffPolicy;
  /** A request without a response after this long fails with a timeout error (default 10 s). */
  requestTimeoutMs?: number;
  random?: () => number;
}

type Op = RadioRequest['op'];
type Payload<O extends Op> = Omit<Extract<RadioRequest, { op: O }>, 'id' | 'op'>;
type OkResult<O extends Op> = RadioResults[O];

interface PendingRequest {
  resolve: (result: Record<string, unknown>) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** A radio error answer; `code` is the protocol's stable error code. */
export class RadioError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

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
 * peripheral) and the binding reconnects with backoff; `poweredOn` follows a successful `hello`.
 */
export class SimRadioBinding extends EventEmitter {
  private socket: Socket | null = null;
  private splitter = new LineSplitter();
  private nextId = 1;
  private readonly pending = new Map<number, PendingRequest>();
  private state: 'unknown' | 'poweredOn' | 'poweredOff' = 'unknown';
  private stopped = false;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private scanUuids: string[] = [];
  private scanning = false;
  private readonly addresses = new Map<string, string>();
  private readonly rssi = new Map<string, number>();
  private readonly connected = new Set<string>();
  private readonly gatt = new Map<string, ServiceInfo[]>();
  private readonly subscribed = new Set<string>();
  private readonly reconnectPolicy: BackoffPolicy;
  private readonly requestTimeoutMs: number;
  private readonly random: () => number;

  constructor(private readonly opts: SimRadioBindingOptions) {
    super();
    this.reconnectPolicy = opts.reconnect ?? { baseMs: 200, capMs: 5_000 };
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 10_000;
    this.random = opts.random ?? Math.random;
  }

  /** Current adapter state as reported to noble. */
  get adapterState(): string {
    return this.state;
  }

  // ---- lifecycle (noble: _initializeBindings → start(), Noble#stop → stop(), Noble#reset → reset()) ----

  start(): void {
    this.stopped = false;
    this.openSocket();
  }

  stop(): void {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.socket?.destroy();
  }

  reset(): void {
    this.socket?.destroy();
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
    this.call('scan', { on: true, serviceUuids: this.scanUuids }).then(
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
    this.call('scan', { on: false }).then(
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
      this.emitAsync('connect', peripheralId, new Error(`Cannot connect while adapter state is ${this.state}`));
      return;
    }
    this.call('connect', { address: this.addressOf(peripheralId) }).then(
      () => {
        this.connected.add(peripheralId);
        this.emit('connect', peripheralId, null);
      },
      (e: Error) => this.emit('connect', peripheralId, e),
    );
  }

  cancelConnect(peripheralId: string, _parameters?: unknown): void {
    // Noble already failed the pending connect; make sure the radio does not keep the link.
    this.call('disconnect', { address: this.addressOf(peripheralId) }).catch(() => undefined);
  }

  disconnect(peripheralId: string): void {
    const done = (): void => this.markDisconnected(peripheralId, 'local');
    if (this.state !== 'poweredOn') {
      setImmediate(done);
      return;
    }
    this.call('disconnect', { address: this.addressOf(peripheralId) }).then(done, done);
  }

  updateRssi(peripheralId: string): void {
    this.emitAsync('rssiUpdate', peripheralId, this.rssi.get(peripheralId) ?? 127);
  }

  // ---- GATT discovery: the radio answers one `discover` with the whole table; it is cached per link ----

  discoverServices(peripheralId: string, uuids?: string[]): void {
    const wanted = (uuids ?? []).map((u) => u.toLowerCase());
    this.call('discover', { address: this.addressOf(peripheralId) }).then(
      (r) => {
        const services = (r as OkResult<'discover'>).services;
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
    this.call('read', {
      address: this.addressOf(peripheralId),
      service: serviceUuid,
      characteristic: characteristicUuid,
    }).then(
      (r) =>
        this.emit(
          'read',
          peripheralId,
          serviceUuid,
          characteristicUuid,
          Buffer.from(fromHex((r as OkResult<'read'>).data)),
          false,
        ),
      (e: Error) => this.emit('read', peripheralId, serviceUuid, characteristicUuid, Buffer.alloc(0), false, e),
    );
  }

  write(
    peripheralId: string,
    serviceUuid: string,
    characteristicUuid: string,
    data: Uint8Array,
    withoutResponse: boolean,
  ): void {
    this.call('write', {
      address: this.addressOf(peripheralId),
      service: serviceUuid,
      characteristic: characteristicUuid,
      data: toHex(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)),
      withoutResponse: Boolean(withoutResponse),
    }).then(
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
    this.call('subscribe', {
      address: this.addressOf(peripheralId),
      service: serviceUuid,
      characteristic: characteristicUuid,
      on: notify,
    }).then(
      () => {
        if (notify) this.subscribed.add(key);
        else this.subscribed.delete(key);
        this.emit('notify', peripheralId, serviceUuid, characteristicUuid, notify);
      },
      (e: Error) => this.emit('notify', peripheralId, serviceUuid, characteristicUuid, !notify, e),
    );
  }

  /** Descriptor reads: only the CCCD exists, reflecting the subscription (bit 0 = notifications). */
  readValue(peripheralId: string, serviceUuid: string, characteristicUuid: string, descriptorUuid: string): void {
    if (descriptorUuid !== CCCD_UUID) {
      this.emitAsync('valueRead', peripheralId, serviceUuid, characteristicUuid, descriptorUuid, Buffer.alloc(0),
        new Error(`descriptor ${descriptorUuid} not found`));
      return;
    }
    const on = this.subscribed.has(`${peripheralId}/${serviceUuid}/${characteristicUuid}`);
    this.emitAsync('valueRead', peripheralId, serviceUuid, characteristicUuid, descriptorUuid,
      Buffer.from([on ? 0x01 : 0x00, 0x00]));
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
      this.emitAsync('valueWrite', peripheralId, serviceUuid, characteristicUuid, descriptorUuid,
        new Error(`descriptor ${descriptorUuid} not writable`));
      return;
    }
    const on = ((data[0] ?? 0) & 0x03) !== 0;
    this.call('subscribe', {
      address: this.addressOf(peripheralId),
      service: serviceUuid,
      characteristic: characteristicUuid,
      on,
    }).then(
      () => this.emit('valueWrite', peripheralId, serviceUuid, characteristicUuid, descriptorUuid),
      (e: Error) => this.emit('valueWrite', peripheralId, serviceUuid, characteristicUuid, descriptorUuid, e),
    );
  }

  readHandle(peripheralId: string, handle: number): void {
    this.emitAsync('handleRead', peripheralId, handle, Buffer.alloc(0),
      new Error('ATT handles are not exposed by the simulated radio'));
  }

  writeHandle(peripheralId: string, handle: number, _data: Uint8Array, _withoutResponse: boolean): void {
    this.emitAsync('handleWrite', peripheralId, handle, new Error('ATT handles are not exposed by the simulated radio'));
  }

  // ---- socket and protocol plumbing ----

  private openSocket(): void {
    const socket = new Socket();
    this.socket = socket;
    this.splitter = new LineSplitter((n) =>
      this.opts.logger.warn({ length: n }, 'sim radio: oversize line dropped'),
    );
    socket.setEncoding('utf8');
    socket.setNoDelay(true);
    socket.on('data', (chunk: string) => {
      for (const line of this.splitter.push(chunk)) this.onLine(line);
    });
    socket.on('error', (e) => this.opts.logger.debug({ err: e.message }, 'sim radio socket error'));
    socket.on('close', () => this.onSocketClosed(socket));
    socket.connect(this.opts.port, this.opts.host, () => {
      this.call('hello', { version: SIM_RADIO_PROTOCOL_VERSION }).then(
        (r) => {
          this.attempt = 0;
          this.opts.logger.info({ radio: (r as OkResult<'hello'>).radio }, 'sim radio connected');
          this.setState('poweredOn');
        },
        (e: Error) => {
          this.opts.logger.error({ err: e.message }, 'sim radio: hello refused');
          socket.destroy();
        },
      );
    });
  }

  private onSocketClosed(socket: Socket): void {
    if (this.socket !== socket) return;
    this.socket = null;
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new RadioError('NOT_CONNECTED', 'radio socket closed'));
    }
    this.pending.clear();
    // Noble tears down every peripheral when the adapter leaves poweredOn (Noble#_onStateChange), so
    // our per-link state is dropped without emitting a disconnect per peripheral.
    this.connected.clear();
    this.gatt.clear();
    this.subscribed.clear();
    this.scanning = false;
    this.setState('poweredOff');
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt++, this.reconnectPolicy, this.random());
    this.opts.logger.warn({ delayMs: delay }, 'sim radio connection lost; reconnecting');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.stopped) this.openSocket();
    }, delay);
  }

  private setState(state: 'poweredOn' | 'poweredOff'): void {
    if (this.state === state) return;
    this.state = state;
    this.emit('stateChange', state);
  }

  private onLine(line: string): void {
    const parsed = parseRadioMessage(line);
    if (!parsed.ok) {
      this.opts.logger.warn({ code: parsed.code, reason: parsed.message }, 'sim radio: bad message');
      return;
    }
    if (parsed.value.kind === 'response') this.onResponse(parsed.value.response);
    else this.onEvent(parsed.value.event);
  }

  private onResponse(response: RadioResponse): void {
    const p = this.pending.get(response.id);
    if (!p) return;
    this.pending.delete(response.id);
    clearTimeout(p.timer);
    if (response.ok) p.resolve(response.result);
    else p.reject(new RadioError(response.code, response.message));
  }

  private onEvent(event: RadioEvent): void {
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
        this.emit('discover', id, event.address, event.addressType, event.connectable, advertisement, event.rssi, false);
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
    for (const key of [...this.subscribed]) if (key.startsWith(`${peripheralId}/`)) this.subscribed.delete(key);
    this.emit('disconnect', peripheralId, reason);
  }

  private call<O extends Op>(op: O, payload: Payload<O>): Promise<Record<string, unknown>> {
    const socket = this.socket;
    if (!socket || socket.destroyed || (op !== 'hello' && this.state !== 'poweredOn')) {
      return Promise.reject(new RadioError('NOT_CONNECTED', 'radio not connected'));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RadioError('TIMEOUT', `${op} got no response in ${this.requestTimeoutMs} ms`));
      }, this.requestTimeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      socket.write(encodeLine({ id, op, ...payload } as RadioRequest));
    });
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
