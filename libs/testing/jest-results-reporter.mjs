// Jest reporter: writes this run's pass/fail counts to <workspace>/.test-results/<package>-<script>.json so
// `npm test` can print one closing "N passed, N failed" line across every project and tier. A script that runs
// jest more than once (clinician-api's integration suite: PGlite, then PostgreSQL) sets TEST_RESULTS_VARIANT
// so each run keeps its own file: <package>-<script>@<variant>.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export default class ResultsReporter {
  onRunComplete(_contexts, results) {
    const pkg = (process.env.npm_package_name ?? 'unknown').replace(/^@openward\//, '');
    const script = (process.env.npm_lifecycle_event ?? 'test').replace(/[^a-z0-9-]/gi, '-');
    const variant = (process.env.TEST_RESULTS_VARIANT ?? '').replace(/[^a-z0-9-]/gi, '-');
    const dir = join(root, '.test-results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, `${pkg}-${script}${variant ? `@${variant}` : ''}.json`),
      JSON.stringify({
        numPassedTests: results.numPassedTests,
        numFailedTests: results.numFailedTests,
        numRuntimeErrorTestSuites: results.numRuntimeErrorTestSuites,
        numTotalTests: results.numTotalTests,
        success: results.success,
      }),
    );
  }
}
