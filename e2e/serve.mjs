#!/usr/bin/env node
// Playwright's web server: a fresh database holding
// - `demo`: the demo generator's shop, imported and trained through the CLI as a user would, and
// - `e2e_shop`: a seeded dataset with planted numbers, for assertions that need exact values,
// - `e2e_admin`: a small seeded dataset only admin.spec.ts reads, since marking an attribute
//   sensitive there deletes inferences for good;
// - the admin account `e2e-admin@example.com` (e2e/fixtures.ts), since the automatic demo admin
//   may not change settings or accounts;
// then `portrait start` on port 3107 against it. Everything runs on the embedded default, as a new
// user's `npm start` does: no DATABASE_URL, an embedded PostgreSQL with its data in a temporary
// PORTRAIT_DATA_DIR, shared by this script, the CLI commands and the server, and removed at the end.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = fileURLToPath(new URL('..', import.meta.url));
register({ tsconfig: `${root}tsconfig.json` });

const port = process.env.E2E_PORT ?? '3107';

const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'portrait-e2e-data-'));
// as root the embedded server runs as an unprivileged user, who must be able to enter the folder
chmodSync(dataDir, 0o755);
delete process.env.DATABASE_URL;
process.env.PORTRAIT_DATA_DIR = dataDir;
process.env.PORTRAIT_EMBEDDED_PORT = process.env.E2E_EMBEDDED_PORT ?? '24391';
const { resolveDatabase } = await import('../lib/server/resolveDatabase.ts');
const database = await resolveDatabase();
const databaseUrl = database.url;
process.env.DATABASE_URL = databaseUrl;

const { getPool, closePools } = await import('../lib/db/connection.ts');

function withoutDatabaseUrl(extra = {}) {
  const env = { ...process.env, ...extra };
  delete env.DATABASE_URL;
  return env;
}

// a setup step that fails must not leave the embedded server running on its port for the next run
try {
  const { seedDatasetWithRun } = await import('../test/helpers/seedRun.ts');
  const started = Date.now();
  const seeded = await seedDatasetWithRun({ name: 'e2e_shop', users: 6000, previousRun: true, seed: 5 });
  await seedDatasetWithRun({ name: 'e2e_admin', users: 300, seed: 9 });
  // retrained by concurrency.spec.ts while other clients browse
  await seedDatasetWithRun({ name: 'concurrency_shop', users: 2000, seed: 11 });

  await getPool().query(`INSERT INTO datasets (name) VALUES ('untrained_shop')`);
  // an id that needs URL encoding, imported after the run: known to the dataset, not profiled
  const encodedUser = 'ana+test@example.com/1';
  await getPool().query('INSERT INTO tracked_users (dataset_id, user_id) VALUES ($1, $2)', [
    seeded.datasetId,
    encodedUser,
  ]);
  await getPool().query(
    `INSERT INTO events (dataset_id, fingerprint, user_id, type, ts, type_key)
     VALUES ($1, '00000000-0000-4000-8000-000000000001', $2, 'view', now(), event_type_key('view'))`,
    [seeded.datasetId, encodedUser],
  );
  await closePools();

  const demoUsers = process.env.E2E_DEMO_USERS ?? '1500';
  const demoFolder = mkdtempSync(path.join(tmpdir(), 'portrait-e2e-demo-'));
  const portrait = (...args) =>
    execFileSync(process.execPath, [`${root}bin/portrait.js`, ...args], {
      cwd: root,
      env: withoutDatabaseUrl(),
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
    `e2e: embedded PostgreSQL in ${dataDir}, dataset e2e_shop (id ${seeded.datasetId}, ${seeded.userIds.length} users, ` +
      `${seeded.eventCount} events) seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
} catch (error) {
  console.error(error);
  await closePools().catch(() => {});
  await database.embedded?.stop().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(1);
}

const scratch = mkdtempSync(path.join(tmpdir(), 'portrait-e2e-files-'));
const server = spawn(process.execPath, [`${root}bin/portrait.js`, 'start', '--no-demo', '--port', port], {
  cwd: root,
  env: withoutDatabaseUrl({
    PORTRAIT_DEMO_AUTOLOGIN: '1',
    PORTRAIT_UPLOAD_DIR: path.join(scratch, 'uploads'),
    PORTRAIT_EXPORTS_DIR: path.join(scratch, 'exports'),
    PORTRAIT_REJECTS_DIR: path.join(scratch, 'rejects'),
  }),
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
    // the server lets a running job finish its step (up to 10 s) before it leaves the database
    setTimeout(resolve, 15_000).unref();
  });
  rmSync(scratch, { recursive: true, force: true });
  await closePools();
  await database.embedded
    ?.stop()
    .catch((error) => console.error(`e2e: could not stop the embedded database: ${error.message}`));
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
server.on('exit', (code) => stop(code ?? 1));
