import { execFile } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const OPENSSL_BIN = '/usr/bin/openssl';

export interface TestCertificate {
  certFile: string;
  keyFile: string;
  /** The certificate PEM: what a client pins as its `ca` (self-signed). */
  pem: Buffer;
}

/**
 * A real self-signed P-256 certificate for 127.0.0.1/localhost, made with the openssl CLI (Debian `openssl`);
 * throws, never skips, when openssl is missing.
 */
export async function makeCertificate(dir: string, name: string, days = 2): Promise<TestCertificate> {
  try {
    accessSync(OPENSSL_BIN, constants.X_OK);
  } catch {
    throw new Error(`openssl not found at ${OPENSSL_BIN}: install it with \`apt-get install openssl\``);
  }
  const certFile = join(dir, `${name}.crt`);
  const keyFile = join(dir, `${name}.key`);
  await run(OPENSSL_BIN, [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    keyFile,
    '-out',
    certFile,
    '-days',
    String(days),
    '-subj',
    `/CN=openward-ingest-test-${name}`,
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ]);
  return { certFile, keyFile, pem: readFileSync(certFile) };
}
