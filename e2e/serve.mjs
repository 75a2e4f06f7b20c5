#!/usr/bin/env node
// Playwright's web server: a fresh database holding
// - `demo`: the demo generator's shop, imported and trained through the CLI as a user would, and
// - `e2e_shop`: a seeded dataset with planted numbers, for assertions that need exact values,
// - `e2e_admin`: a small seeded dataset only admin.spec.ts reads, since marking an attribute
//   sensitive there deletes inferences for good;
// - the admin account `e2e-admin@example.com` (e2e/fixtures.ts), since the automatic demo admin
//   may not change settings or accounts;
// then `portrait start` on port 3107 against it. The database is dropped when the server stops.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = fileURLToPath(new URL('..', import.meta.url));
register({ tsconfig: `${root}tsconfig.json` });

const port = process.env.E2E_PORT ?? '3107';

// TEST_DATABASE_URL's server, else the local Postgres on 127.0.0.1:5432, else an embedded PGlite
// served from this process for as long as the app runs.
const { createTestDatabase } = await import('../test/testDatabase.ts');
const database = await createTestDatabase('e2e');
const databaseUrl = database.url;
process.env.DATABASE_URL = databaseUrl;

const { seedDatasetWithRun } = await import('../test/helpers/seedRun.ts');
const { getPool, closePools } = await import('../lib/db/connection.ts');
const started = Date.now();
const seeded = await seedDatasetWithRun({ name: 'e2e_shop', users: 6000, previousRun: true, seed: 5 });
await seedDatasetWithRun({ name: 'e2e_admin', users: 300, seed: 9 });
await getPool().query(`INSERT INTO datasets (name) VALUES ('untrained_shop')`);
// an id that needs URL encoding, imported after the run: known to the dataset, not profiled
const encodedUser = 'ana+test@example.com/1';
await getPool().query('INSERT INTO tracked_users (dataset_id, user_id) VALUES ($1, $2)', [
  seeded.datasetId,
  encodedUser,
]);
await getPool().query(
  `INSERT INTO events (dataset_id, fingerprint, user_id, type, ts)
   VALUES ($1, '00000000-0000-4000-8000-000000000001', $2, 'view', now())`,
  [seeded.datasetId, encodedUser],
);
await closePools();

const demoUsers = process.env.E2E_DEMO_USERS ?? '1500';
const demoFolder = mkdtempSync(path.join(tmpdir(), 'portrait-e2e-demo-'));
const portrait = (...args) =>
  execFileSync(process.execPath, [`${root}bin/portrait.js`, ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
portrait('demo', '--users', demoUsers, '--seed', '1', '--out', demoFolder);
portrait(
  'import',
  '--dataset',
  'demo',
  '--events',
  path.join(demoFolder, 'events.csv'),
  '--items',
  path.join(demoFolder, 'items.csv'),
  '--users',
  path.join(demoFolder, 'users.csv'),
);
portrait('train', '--dataset', 'demo', '--no-text-model');
// a real admin (e2e/fixtures.ts), for the changes the demo admin may not make
portrait('create-admin', '--email', 'e2e-admin@example.com', '--password', 'e2e admin long password');
rmSync(demoFolder, { recursive: true, force: true });
console.log(
  `e2e: database ${databaseUrl.replace(/\?.*$/, '')}, dataset e2e_shop (id ${seeded.datasetId}, ${seeded.userIds.length} users, ` +
    `${seeded.eventCount} events) seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);

const scratch = mkdtempSync(path.join(tmpdir(), 'portrait-e2e-files-'));
const server = spawn(process.execPath, [`${root}bin/portrait.js`, 'start', '--no-demo', '--port', port], {
  cwd: root,
  env: {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORTRAIT_DEMO_AUTOLOGIN: '1',
    PORTRAIT_UPLOAD_DIR: path.join(scratch, 'uploads'),
    PORTRAIT_EXPORTS_DIR: path.join(scratch, 'exports'),
  },
  stdio: 'inherit',
});

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  server.kill('SIGTERM');
  await new Promise((resolve) => {
    if (server.exitCode !== null) resolve();
    else server.once('exit', resolve);
    setTimeout(resolve, 5000).unref();
  });
  rmSync(scratch, { recursive: true, force: true });
  await database.teardown().catch((error) => console.error(`e2e: could not remove the database: ${error.message}`));
  process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
server.on('exit', (code) => stop(code ?? 1));
