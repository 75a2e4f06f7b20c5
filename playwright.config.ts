import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

// Browser tests run Debian's Chromium (apt-get install chromium): Playwright's own browsers
// cannot be downloaded here. The background-networking flags keep it off the closed network.
const chromium = process.env.PORTRAIT_CHROMIUM ?? '/usr/bin/chromium';
const port = process.env.E2E_PORT ?? '3107';
// The embedded database's data folder, known to specs too (they start extra workers on it).
// The config is loaded again in each test worker: the variable set here is inherited.
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), 'portrait-e2e-data-'));

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
  use: {
    ...devices['Desktop Chrome'],
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 900 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium' }],
  webServer: {
    command: 'node e2e/serve.mjs',
    url: `http://127.0.0.1:${port}/`,
    // the first start builds the dashboard with `next build`
    timeout: 15 * 60_000,
    reuseExistingServer: false,
    // e2e/serve.mjs drops its database on SIGTERM; Playwright's default is SIGKILL, which left one behind per run
    gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
    stdout: 'pipe',
    stderr: 'pipe',
    env: { E2E_PORT: port, E2E_DATA_DIR: process.env.E2E_DATA_DIR },
  },
});
