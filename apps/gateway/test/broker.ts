import { createServer, type Server, type Socket } from 'node:net';
import { Aedes, type AuthenticateError } from 'aedes';

export interface ReceivedMessage {
  topic: string;
  payload: Buffer;
  retain: boolean;
  clientId: string | null;
}

/**
 * A real aedes 1.2.0 broker in-process for integration tests. Authenticates username/password (and
 * clientId = username, as ingest does), lets a client publish only under `openward/v1/gw/{its id}/`, and
 * records each accepted publish. PUBACK is sent when `authorizePublish` calls back (STACK.md), so
 * {@link TestBroker.hold} stalls acknowledgements exactly like a slow durable write in ingest.
 */
export class TestBroker {
  readonly received: ReceivedMessage[] = [];
  private holding = false;
  private held: Array<() => void> = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly broker: Aedes,
    private readonly server: Server,
    readonly port: number,
  ) {
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  static async start(port: number, users: Record<string, string>): Promise<TestBroker> {
    let self: TestBroker | null = null;
    const broker = await Aedes.createBroker({
      authenticate: (client, username, password, done) => {
        const ok =
          username !== undefined && users[username] === password?.toString() && client.id === username;
        if (ok) return done(null, true);
        const err = Object.assign(new Error('bad username or password'), {
          returnCode: 4,
        }) as AuthenticateError;
        done(err, false);
      },
      authorizePublish: (client, packet, callback) => {
        if (!client || !packet.topic.startsWith(`openward/v1/gw/${client.id}/`)) {
          callback(new Error('not authorized'));
          return;
        }
        const accept = (): void => {
          self?.received.push({
            topic: packet.topic,
            payload: Buffer.from(packet.payload),
            retain: packet.retain,
            clientId: client.id,
          });
          callback(null);
        };
        if (self?.holding) self.held.push(accept);
        else accept();
      },
    });
    const server = createServer(broker.handle);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    self = new TestBroker(broker, server, port);
    return self;
  }

  /** Stop acknowledging publishes (they are neither recorded nor PUBACKed) until {@link release}. */
  hold(): void {
    this.holding = true;
  }

  release(): void {
    this.holding = false;
    const held = this.held;
    this.held = [];
    for (const accept of held) accept();
  }

  get heldCount(): number {
    return this.held.length;
  }

  /**
   * Publishes a retained QoS 1 message from the broker itself, as the server side would (e.g. the
   * retained gateway config topic). Added by the BLE helper for the config integration test.
   */
  publishRetained(topic: string, payload: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.broker.publish(
        { cmd: 'publish', topic, payload: Buffer.from(payload), qos: 1, retain: true, dup: false },
        (err) => (err ? reject(err) : resolve()),
      );
    });
  }

  /** Messages on `topic` decoded as JSON, in arrival order. */
  json<T>(topic: string): T[] {
    return this.received
      .filter((m) => m.topic === topic)
      .map((m) => JSON.parse(m.payload.toString('utf8')) as T);
  }

  /** Closes the broker and drops every connection; held publishes are never acknowledged. */
  async close(): Promise<void> {
    this.held = [];
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.broker.close(() => r()));
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
