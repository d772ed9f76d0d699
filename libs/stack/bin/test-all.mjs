#!/usr/bin/env node
// `npm test`: every test tier of every project through Nx, then ONE closing line "N passed, N failed".
//   1. build (everything; the e2e tier runs the built processes)
//   2. lint, typecheck, unit tests, integration tests (2 tasks at a time on this 2-core machine)
//   3. end-to-end tests, one project at a time (they boot the whole platform, and Chromium)
// Counts: each jest/vitest test case (from .test-results/*.json, written by the reporters) plus each
// non-test check task (build, lint, typecheck) as one; a test task that failed without writing results
// (crash, compile error) counts as one failure. Plain Node, no build needed.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const results = join(root, '.test-results');
rmSync(results, { recursive: true, force: true });

const env = {
  ...process.env,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_SKIP_NX_CACHE: process.env.CI ? 'true' : '',
  FORCE_COLOR: '0',
};
const TEST_TARGETS = new Set(['test', 'test:integration', 'e2e']);

function nx(args) {
  return new Promise((resolve) => {
    const child = spawn('npx', ['nx', ...args, '--outputStyle=static'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = (b) => {
      process.stdout.write(b);
      out += b.toString();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => resolve({ code: code ?? 1, out }));
  });
}

/** Tasks started and tasks failed, read from Nx's static output. */
function tasksOf(out) {
  const started = new Set([...out.matchAll(/^> nx run (\S+?):(\S+)/gm)].map((m) => `${m[1]}:${m[2]}`));
  const failed = new Set();
  const section = out.split(/Failed tasks:/)[1];
  if (section) for (const m of section.matchAll(/^\s*-\s+(\S+?:\S+)/gm)) failed.add(m[1]);
  return { started, failed };
}

const steps = [
  ['run-many', '-t', 'build'],
  ['run-many', '-t', 'lint', 'typecheck', 'test', 'test:integration', '--parallel=2'],
  ['run-many', '-t', 'e2e', '--parallel=1'],
];
const started = new Set();
const failedTasks = new Set();
let exitCodes = 0;
const t0 = Date.now();
for (const step of steps) {
  const { code, out } = await nx(step);
  const t = tasksOf(out);
  t.started.forEach((x) => started.add(x));
  t.failed.forEach((x) => failedTasks.add(x));
  if (code !== 0) exitCodes++;
}

let passed = 0;
let failed = 0;
const lines = [];
// Formatting is a check too (Prettier over the whole repository).
const format = await new Promise((resolve) => {
  const child = spawn('npx', ['prettier', '--check', '.'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (out += b));
  child.on('exit', (code) => resolve({ code, out }));
});
if (format.code === 0) passed++;
else {
  failed++;
  process.stdout.write(format.out);
  lines.push(`  ${'prettier --check .'.padEnd(36)} FAILED (run npm run format)`);
}
const withResults = new Set();
if (existsSync(results)) {
  for (const f of readdirSync(results).filter((n) => n.endsWith('.json'))) {
    const r = JSON.parse(readFileSync(join(results, f), 'utf8'));
    const p = r.numPassedTests ?? 0;
    const fl = (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0);
    passed += p;
    failed += fl;
    withResults.add(f.replace(/\.json$/, ''));
    lines.push(`  ${f.replace(/\.json$/, '').padEnd(36)} ${p} passed, ${fl} failed`);
  }
}
for (const task of started) {
  // Project names hold no ':', targets may (`test:integration`): split at the first one.
  const [project, target] = [task.slice(0, task.indexOf(':')), task.slice(task.indexOf(':') + 1)];
  const key = `${project.replace(/^@openward\//, '')}-${target.replace(/[^a-z0-9-]/gi, '-')}`;
  if (TEST_TARGETS.has(target)) {
    // `<key>@<variant>`: one of several jest runs of the same task (TEST_RESULTS_VARIANT).
    const hasResults = [...withResults].some((r) => r === key || r.startsWith(`${key}@`));
    if (failedTasks.has(task) && !hasResults) {
      failed++;
      lines.push(`  ${key.padEnd(36)} task failed without test results`);
    }
  } else if (failedTasks.has(task)) {
    failed++;
    lines.push(`  ${task.padEnd(36)} FAILED`);
  } else {
    passed++;
  }
}
if (exitCodes > 0 && failed === 0) {
  failed++;
  lines.push('  an nx step exited non-zero without a failed task listed');
}
console.log(
  `\nOpenWard test summary (${Math.round((Date.now() - t0) / 1000)} s; checks = build/lint/typecheck tasks):`,
);
console.log(lines.sort().join('\n'));
console.log(
  `  checks: ${[...started].filter((t) => !TEST_TARGETS.has(t.slice(t.indexOf(':') + 1))).length} tasks`,
);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
