import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

export interface TestServer {
  /** a URL of the server's maintenance database, for creating and dropping test databases */
  url: string;
  /** said on the first line of `npm test` */
  description: string;
  stop(): Promise<void>;
}

/**
 * The PostgreSQL server tests run on: TEST_DATABASE_URL, else the local server on
 * 127.0.0.1:5432, else an embedded PostgreSQL started here (data in a temporary folder).
 */
export async function resolveTestServer(): Promise<TestServer> {
  if (process.env.TEST_DATABASE_URL) {
    const url = new URL(process.env.TEST_DATABASE_URL);
    return {
      url: process.env.TEST_DATABASE_URL,
      description: `TEST_DATABASE_URL (${url.hostname}:${url.port || 5432})`,
      stop: async () => {},
    };
  }
  if (await canConnect('127.0.0.1', 5432)) {
    return {
      url: 'postgresql://postgres@127.0.0.1:5432/postgres',
      description: 'the local PostgreSQL server on 127.0.0.1:5432',
      stop: async () => {},
    };
  }
  const dataDir = path.join(tmpdir(), `portrait-test-postgres-${process.pid}`);
  const embedded = await startEmbeddedPostgres({ dataDir, port: 25_000 + (process.pid % 1000), database: 'postgres' });
  return {
    url: embedded.url,
    description: `an embedded PostgreSQL started for this run (${dataDir})`,
    async stop() {
      await embedded.stop();
      const { rm } = await import('node:fs/promises');
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh, migrated database for one test run on the test server (see resolveTestServer).
 * Returns its URL and a teardown.
 */
export async function createTestDatabase(label: string): Promise<{ url: string; teardown(): Promise<void> }> {
  const server = await resolveTestServer();
  const name = `portrait_${label}_${process.pid}_${Date.now().toString(36)}`;
  await ensureDatabase(server.url, name);
  const url = withDatabase(server.url, name);
  await applyMigrations(url);
  return {
    url,
    async teardown() {
      await dropDatabase(server.url, name);
      await server.stop();
    },
  };
}
