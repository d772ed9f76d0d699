import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import type { EnvProblem, MqttTlsConfig } from './broker-config.js';

/** Certificate and key of the TLS listener, read and checked at start-up (DESIGN.md §13.1). */
export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
  /** Of the leaf certificate, for the start-up log. */
  subject: string;
  validToMs: number;
}

const describe = (e: unknown): string =>
  (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));

/**
 * Reads both files and checks that the certificate parses, the key parses (unencrypted PEM), the key belongs
 * to the certificate and OpenSSL accepts the pair. Any failure names the variable, so a bad path or a
 * mismatched pair stops ingest at boot instead of failing each handshake later. An expired certificate is
 * not refused here (the caller logs it): gateways will refuse it, and refusing to start would also take the
 * plain listener and the HTTP API down.
 */
export function loadTlsMaterial(
  cfg: Pick<MqttTlsConfig, 'certFile' | 'keyFile'>,
  read: (path: string) => Buffer = readFileSync,
): { ok: true; material: TlsMaterial } | ({ ok: false } & EnvProblem) {
  const CERT = 'INGEST_MQTT_TLS_CERT_FILE';
  const KEY = 'INGEST_MQTT_TLS_KEY_FILE';
  let cert: Buffer;
  let key: Buffer;
  try {
    cert = read(cfg.certFile);
  } catch (e) {
    return { ok: false, variable: CERT, problem: `cannot read "${cfg.certFile}": ${describe(e)}` };
  }
  try {
    key = read(cfg.keyFile);
  } catch (e) {
    return { ok: false, variable: KEY, problem: `cannot read "${cfg.keyFile}": ${describe(e)}` };
  }
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    return { ok: false, variable: CERT, problem: `"${cfg.certFile}" is not a PEM certificate` };
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    return {
      ok: false,
      variable: KEY,
      problem: `"${cfg.keyFile}" is not an unencrypted PEM private key`,
    };
  }
  if (!x509.checkPrivateKey(privateKey)) {
    return {
      ok: false,
      variable: KEY,
      problem: `"${cfg.keyFile}" does not belong to the certificate in ${CERT}`,
    };
  }
  try {
    createSecureContext({ cert, key });
  } catch (e) {
    return { ok: false, variable: CERT, problem: `TLS refuses the certificate/key pair: ${describe(e)}` };
  }
  return {
    ok: true,
    material: { cert, key, subject: x509.subject, validToMs: Date.parse(x509.validTo) },
  };
}
