#!/usr/bin/env node
// `npm test`: unit and integration tests (Vitest, real Postgres), then the browser tests
// (Playwright with Debian's Chromium). Ends with one line "N passed, N failed".
// The first line says which PostgreSQL server the run uses: TEST_DATABASE_URL, else the local
// server on 127.0.0.1:5432, else an embedded PostgreSQL started for the run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { resolveTestServer } = await import('../test/testDatabase.ts');
const server = await resolveTestServer();
console.log(`Test database server: ${server.description}`);
process.env.TEST_DATABASE_URL = server.url;
process.env.NEXT_TELEMETRY_DISABLED = '1';

const reports = mkdtempSync(path.join(tmpdir(), 'portrait-test-'));
const bin = (name) => path.join('node_modules', '.bin', name);
let passed = 0;
let failed = 0;
let skipped = 0;
/** what failed, said again just above the last line, where a CI log is read from */
const recap = [];

function firstLine(text) {
  return stripVTControlCharacters(String(text ?? ''))
    .split('\n')[0]
    .slice(0, 300);
}

/** "file:line title: first line of the error" for each spec of a Playwright JSON report that did not pass */
function* failedSpecs(suites) {
  for (const suite of suites) {
    for (const spec of suite.specs ?? []) {
      if (spec.ok) continue;
      const error = spec.tests?.flatMap((test) => test.results ?? []).find((result) => result.error)?.error;
      yield `${spec.file}:${spec.line} ${spec.title}: ${firstLine(error?.message ?? error?.value ?? 'did not pass')}`;
    }
    yield* failedSpecs(suite.suites ?? []);
  }
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const typecheck = spawnSync(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'], { stdio: 'inherit' });
if (typecheck.status === 0) {
  console.log('typecheck: ok');
  passed += 1;
} else {
  console.log('typecheck: failed');
  failed += 1;
  recap.push('typecheck: tsc --noEmit failed (its errors are at the top of this output)');
}

const vitestReport = path.join(reports, 'vitest.json');
const vitestRecap = path.join(reports, 'vitest-recap.json');
const vitest = spawnSync(
  bin('vitest'),
  [
    'run',
    '--reporter=default',
    '--reporter=json',
    '--reporter=./test/failureRecapReporter.ts',
    `--outputFile.json=${vitestReport}`,
    // `npm test -- <file filters or Vitest flags>` go to Vitest only; the browser tests run whole
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', env: { ...process.env, PORTRAIT_TEST_RECAP: vitestRecap } },
);
const unit = readJson(vitestReport);
const unitRecap = readJson(vitestRecap);
if (unit) {
  passed += unit.numPassedTests;
  failed += unit.numFailedTests;
  skipped += unit.numPendingTests + (unit.numTodoTests ?? 0);
  if (vitest.status !== 0 && unit.numFailedTests === 0) failed += 1;
} else {
  failed += 1;
}
if (unitRecap) {
  for (const line of unitRecap.failedTests) recap.push(`vitest failed: ${line}`);
  for (const line of unitRecap.failedSuites) recap.push(`vitest suite failed outside its tests: ${line}`);
  for (const line of unitRecap.unhandledErrors) recap.push(`vitest unhandled error: ${line}`);
}
if (vitest.status !== 0 && !recap.some((line) => line.startsWith('vitest'))) {
  recap.push(`vitest exited with ${vitest.status ?? vitest.signal} without naming a failure (see its report above)`);
}

const chromium = process.env.PORTRAIT_CHROMIUM ?? '/usr/bin/chromium';
if (process.env.PORTRAIT_SKIP_E2E === '1') {
  console.log('End-to-end tests skipped (PORTRAIT_SKIP_E2E=1)');
} else if (!existsSync(chromium)) {
  console.log(`End-to-end tests need Chromium at ${chromium} (apt-get install chromium); counted as failed`);
  failed += 1;
} else if (existsSync('e2e') && existsSync('playwright.config.ts')) {
  const e2eReport = path.join(reports, 'playwright.json');
  const e2e = spawnSync(bin('playwright'), ['test'], {
    stdio: 'inherit',
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport },
  });
  const report = readJson(e2eReport);
  if (report?.stats) {
    passed += report.stats.expected + (report.stats.flaky ?? 0);
    failed += report.stats.unexpected;
    skipped += report.stats.skipped;
    if (e2e.status !== 0 && report.stats.unexpected === 0) failed += 1;
    for (const line of failedSpecs(report.suites ?? [])) recap.push(`playwright failed: ${line}`);
    for (const error of report.errors ?? []) recap.push(`playwright error: ${firstLine(error.message)}`);
  } else {
    failed += 1;
  }
  if (e2e.status !== 0 && !recap.some((line) => line.startsWith('playwright'))) {
    recap.push(`playwright exited with ${e2e.status ?? e2e.signal} without naming a failure (see its report above)`);
  }
}

await server.stop();
if (recap.length > 0) console.log(`\nWhat failed:\n${recap.map((line) => `  ${line}`).join('\n')}`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed === 0 ? 0 : 1;
