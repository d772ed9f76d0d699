import { DuckDbVitalsStore } from './duckdb-store.js';
import { InfluxVitalsStore } from './influx-store.js';
import type { InfluxConfig, StoreKind } from './store-config.js';
import type { VitalsStore } from './vitals-store.js';

/** Opens the configured {@link VitalsStore} adapter (DESIGN.md §11): DuckDB unless `INGEST_STORE=influx`. */
export function openStore(config: {
  dataDir: string;
  store?: StoreKind;
  influx?: InfluxConfig;
}): Promise<VitalsStore> {
  if (config.store === 'influx' && config.influx) return InfluxVitalsStore.open(config.influx);
  return DuckDbVitalsStore.open(config.dataDir);
}
