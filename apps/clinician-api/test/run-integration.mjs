#!/usr/bin/env node
// `npm run test:integration [-- <jest args>]`: the whole integration suite once per records store, PGlite
// (embedded default) and then PostgreSQL 15 (API_TEST_DATABASE=postgres: test/global-setup.ts starts a private
// cluster). Both runs always happen; the exit code is non-zero if either failed. Each run reports its counts to
// .test-results/<package>-<script>@<store>.json (TEST_RESULTS_VARIANT), so `npm test` counts both.
// API_TEST_STORES=postgres (or pglite) runs only one store.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(appDir, '..', '..');
const jestBin = createRequire(import.meta.url).resolve('jest/bin/jest');
const stores = (process.env.API_TEST_STORES ?? 'pglite,postgres').split(',').filter(Boolean);
const userArgs = process.argv.slice(2);
const pathArgs = userArgs.some((a) => a.startsWith('--testPathPatterns'))
  ? []
  : ['--testPathPatterns=\\.int\\.spec'];

/** The file jest-results-reporter.mjs writes for this run (only when started through npm). */
function resultsFile(store) {
  const pkg = process.env.npm_package_name;
  if (!pkg) return null;
  const script = (process.env.npm_lifecycle_event ?? 'test').replace(/[^a-z0-9-]/gi, '-');
  return join(root, '.test-results', `${pkg.replace(/^@openward\//, '')}-${script}@${store}.json`);
}

function runJest(store) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [jestBin, '--ci', ...pathArgs, ...userArgs], {
      cwd: appDir,
      stdio: 'inherit',
      env: {
        ...process.env,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim(),
        API_TEST_DATABASE: store,
        TEST_RESULTS_VARIANT: store,
      },
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const summary = [];
let exitCode = 0;
for (const store of stores) {
  const started = Date.now();
  const code = await runJest(store);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  summary.push(`  ${store.padEnd(8)} ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${seconds} s`);
  if (code !== 0) exitCode = 1;
  // A run that died before jest reported (crash, bad config) still counts as one failure in `npm test`.
  const file = resultsFile(store);
  if (code !== 0 && file && (!existsSync(file) || statSync(file).mtimeMs < started)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(
      file,
      JSON.stringify({ numPassedTests: 0, numFailedTests: 0, numRuntimeErrorTestSuites: 1, success: false }),
    );
  }
}
console.log(`\nclinician-api integration suite per records store:\n${summary.join('\n')}`);
process.exit(exitCode);
