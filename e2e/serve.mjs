#!/usr/bin/env node
// Playwright's web server: a fresh database with a seeded dataset and a complete run, then
// `portrait start` on port 3107 against it. The database is dropped when the server stops.
// The integrator later swaps the seed for the real demo import + train.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = fileURLToPath(new URL('..', import.meta.url));
register({ tsconfig: `${root}tsconfig.json` });

const port = process.env.E2E_PORT ?? '3107';
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const name = `portrait_e2e_${process.pid}_${Date.now().toString(36)}`;
const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();

const { applyMigrations, ensureDatabase, dropDatabase } = await import('../lib/db/migrate.ts');
await ensureDatabase(serverUrl, name);
await applyMigrations(databaseUrl);
process.env.DATABASE_URL = databaseUrl;

const { seedDatasetWithRun } = await import('../test/helpers/seedRun.ts');
const { getPool, closePools } = await import('../lib/db/connection.ts');
const started = Date.now();
const seeded = await seedDatasetWithRun({ name: 'e2e_shop', users: 6000, previousRun: true, seed: 5 });
await getPool().query(`INSERT INTO datasets (name) VALUES ('untrained_shop')`);
await closePools();
console.log(
  `e2e: database ${name}, dataset e2e_shop (id ${seeded.datasetId}, ${seeded.userIds.length} users, ` +
    `${seeded.eventCount} events) seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);

const server = spawn(process.execPath, [`${root}bin/portrait.js`, 'start', '--no-demo', '--port', port], {
  cwd: root,
  env: { ...process.env, DATABASE_URL: databaseUrl, PORTRAIT_DEMO_AUTOLOGIN: '1' },
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
  await dropDatabase(serverUrl, name).catch((error) => console.error(`e2e: could not drop ${name}: ${error.message}`));
  process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
server.on('exit', (code) => stop(code ?? 1));
