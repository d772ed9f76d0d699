import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { InfluxClient } from './influx-client.js';
import { InfluxVitalsStore } from './influx-store.js';
import { ClassifiedStoreError } from './vitals-store.js';
import { Influxd } from '../../test/influxd.js';
import { point } from '../../test/store-contract.js';

// Production runs InfluxDB with `auth-enabled = true` and ingest as a least-privilege user (ALL on its own
// database only, docker-compose.yml); this proves the adapter works that way against a real influxd.
const ADMIN = { username: 'ow_admin', password: 'admin-pass-0123456789' };
const INGEST = { username: 'openward_ingest', password: 'ingest-pass-0123456789' };
let influxd: Influxd;

beforeAll(async () => {
  influxd = await Influxd.start({ authEnabled: true });
  // With auth on and no user yet, InfluxDB 1.x accepts exactly one statement: creating the first admin.
  const bootstrap = new InfluxClient({ url: influxd.url, database: 'openward' });
  await bootstrap.query(
    `CREATE USER "${ADMIN.username}" WITH PASSWORD '${ADMIN.password}' WITH ALL PRIVILEGES`,
    {},
    { db: false },
  );
  const admin = new InfluxClient({ url: influxd.url, database: 'openward', ...ADMIN });
  await admin.query(
    `CREATE DATABASE "openward"; CREATE USER "${INGEST.username}" WITH PASSWORD '${INGEST.password}'; GRANT ALL ON "openward" TO "${INGEST.username}"`,
    {},
    { db: false },
  );
}, 60_000);

afterAll(async () => {
  await influxd?.stop();
});

describe('InfluxDB with authentication (least-privilege ingest user)', () => {
  it('writes and reads with the ingest user although it may not CREATE DATABASE', async () => {
    const store = await InfluxVitalsStore.open({ url: influxd.url, database: 'openward', ...INGEST });
    const p = point({ readingId: 'auth-r1', patientId: 'p-1', value: 71 });
    expect(await store.writeBatch([p])).toEqual({ inserted: 1, duplicates: 0 });
    expect((await store.latest('p-1')).map((v) => v.value)).toEqual([71]);
    await store.close();
  });

  it('refuses a wrong password as a permanent error (HTTP 401) and anonymous access likewise', async () => {
    for (const creds of [{ username: INGEST.username, password: 'wrong-password' }, {}]) {
      const err = await InfluxVitalsStore.open({ url: influxd.url, database: 'openward', ...creds }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ClassifiedStoreError);
      expect((err as ClassifiedStoreError).kind).toBe('permanent');
      expect((err as ClassifiedStoreError).status).toBe(401);
    }
  });

  it('does not let the ingest user read another database', async () => {
    const admin = new InfluxClient({ url: influxd.url, database: 'other', ...ADMIN });
    await admin.query('CREATE DATABASE "other"', {}, { db: false });
    const err = await InfluxVitalsStore.open({ url: influxd.url, database: 'other', ...INGEST }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ClassifiedStoreError);
    expect((err as ClassifiedStoreError).status).toBe(403);
  });
});
