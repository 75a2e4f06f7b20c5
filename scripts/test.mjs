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
}

const vitestReport = path.join(reports, 'vitest.json');
const vitest = spawnSync(
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile=${vitestReport}`],
  {
    stdio: 'inherit',
  },
);
const unit = readJson(vitestReport);
if (unit) {
  passed += unit.numPassedTests;
  failed += unit.numFailedTests;
  skipped += unit.numPendingTests + (unit.numTodoTests ?? 0);
  if (vitest.status !== 0 && unit.numFailedTests === 0) failed += 1;
} else {
  failed += 1;
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
  } else {
    failed += 1;
  }
}

await server.stop();
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed === 0 ? 0 : 1;
