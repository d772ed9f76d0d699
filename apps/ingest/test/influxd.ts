// The real-influxd launcher lives in src/bench/influxd.ts (built into dist, so the ingest benchmark starts the
// same server the integration tests use); tests keep importing it from here.
export { Influxd, INFLUXD_BIN } from '../src/bench/influxd.js';
