import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ServiceAccount } from './mosquitto-files.js';
import { writeMosquittoFiles } from './mosquitto-files-cli.js';

const USAGE = `usage: node apps/ingest/dist/external/mosquitto-files-main.js [options]
  --registry FILE          openward.registry/1 file (API export or ingest's registry-cache.json)
  --password-file FILE     Mosquitto's password_file to (re)write (mode 0600)
  --acl-file FILE          Mosquitto's acl_file to (re)write
  --service USER=ENVVAR    a service account; its token is read from the environment variable ENVVAR
                           (never from the command line). Repeat: --service svc.ingest=INGEST_SERVICE_TOKEN
  --iterations N           PBKDF2 iterations for service hashes (default 1000)
  --hup-pid N | --hup-pid-file FILE
                           send SIGHUP to Mosquitto when a file changed
Prints one JSON line; exit 2 on bad arguments, 1 on failure. DESIGN.md §10.3.`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function services(specs: readonly string[]): ServiceAccount[] {
  return specs.map((spec) => {
    const eq = spec.indexOf('=');
    if (eq <= 0) fail(`--service must be USER=ENVVAR, got "${spec}"`);
    const variable = spec.slice(eq + 1);
    const token = process.env[variable];
    if (!token) fail(`--service ${spec}: environment variable ${variable} is empty or unset`);
    return { username: spec.slice(0, eq), token };
  });
}

function pid(values: { 'hup-pid'?: string; 'hup-pid-file'?: string }): number | undefined {
  const raw =
    values['hup-pid'] ?? (values['hup-pid-file'] ? readFileSync(values['hup-pid-file'], 'utf8') : null);
  if (raw === null) return undefined;
  const n = Number(raw.trim());
  if (!Number.isInteger(n) || n <= 1) fail(`not a process id: "${raw.trim()}"`);
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        registry: { type: 'string' },
        'password-file': { type: 'string' },
        'acl-file': { type: 'string' },
        service: { type: 'string', multiple: true, default: [] },
        iterations: { type: 'string' },
        'hup-pid': { type: 'string' },
        'hup-pid-file': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!values.registry) fail('--registry is required');
  if (!values['password-file']) fail('--password-file is required');
  if (!values['acl-file']) fail('--acl-file is required');
  const iterations = values.iterations === undefined ? undefined : Number(values.iterations);
  if (iterations !== undefined && !(Number.isInteger(iterations) && iterations >= 1)) {
    fail(`--iterations must be a positive integer, got "${values.iterations}"`);
  }
  const hupPid = pid(values);
  const result = await writeMosquittoFiles({
    registryFile: values.registry,
    passwordFile: values['password-file'],
    aclFile: values['acl-file'],
    services: services(values.service),
    ...(iterations === undefined ? {} : { iterations }),
    ...(hupPid === undefined ? {} : { hupPid }),
  });
  process.stdout.write(`${JSON.stringify({ msg: 'mosquitto files', ...result })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`mosquitto-files: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
