// Baseline broker for the ingest benchmark (DESIGN.md §14): a bare aedes in its own process, on a plain
// TCP server like ingest's, that authenticates the fleet's gateways against a credentials file with a plain
// string comparison, checks the topic prefix, and acknowledges at once: no validation, no store, no live
// feed. Service clients (`svc:<name>`) log in with the token given as third argument, as on ingest.
// Run: node apps/ingest/dist/bench/bare-aedes.js <credentials.json> [port] [service token]
// Prints one JSON line {"msg":"ready","port":N}; stops on SIGTERM.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { Aedes } from 'aedes';

const [file, portArg, token] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: bare-aedes.js <credentials.json> [port] [service token]\n');
  process.exit(2);
}
const creds = JSON.parse(readFileSync(file, 'utf8')) as { gatewayId: string; secret: string }[];
const secrets = new Map(creds.map((c) => [c.gatewayId, c.secret]));
const broker = await Aedes.createBroker({
  authenticate: (client, username, password, done) =>
    done(
      null,
      username?.startsWith('svc:')
        ? token !== undefined && password?.toString() === token
        : client.id === username && secrets.get(username ?? '') === password?.toString(),
    ),
  authorizePublish: (client, packet, cb) =>
    cb(client && packet.topic.startsWith(`openward/v1/gw/${client.id}/`) ? null : new Error('denied')),
  queueLimit: 1000,
});
const server = createServer((socket) => {
  socket.setNoDelay(true);
  broker.handle(socket);
});
await new Promise<void>((resolve) =>
  server.listen({ port: Number(portArg ?? 0), host: '127.0.0.1', backlog: 2048 }, () => resolve()),
);
const address = server.address();
process.stdout.write(
  `${JSON.stringify({ msg: 'ready', port: typeof address === 'object' && address ? address.port : 0 })}\n`,
);
process.on('SIGTERM', () => {
  server.close();
  broker.close(() => process.exit(0));
});
