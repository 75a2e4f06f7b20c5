import net from 'node:net';
import { startEmbeddedPostgres } from '@/lib/db/embeddedPostgres';
import { applyMigrations, dropDatabase, ensureDatabase } from '@/lib/db/migrate';

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/**
 * A fresh, migrated database for one test run: on TEST_DATABASE_URL's server, else the local
 * Postgres on 127.0.0.1:5432, else an embedded PGlite. Returns its URL and a teardown.
 */
export async function createTestDatabase(label: string): Promise<{ url: string; teardown(): Promise<void> }> {
  const serverUrl =
    process.env.TEST_DATABASE_URL ??
    ((await canConnect('127.0.0.1', 5432)) ? 'postgresql://postgres@127.0.0.1:5432/postgres' : undefined);
  if (serverUrl) {
    const name = `portrait_${label}_${process.pid}_${Date.now().toString(36)}`;
    await ensureDatabase(serverUrl, name);
    const url = withDatabase(serverUrl, name);
    await applyMigrations(url);
    return { url, teardown: () => dropDatabase(serverUrl, name) };
  }
  const port = 55000 + (process.pid % 1000);
  const embedded = await startEmbeddedPostgres(`memory://`, port);
  await applyMigrations(embedded.url.replace(/[?&]portrait_embedded=1/, ''));
  return { url: embedded.url, teardown: () => embedded.stop() };
}
