import net from 'node:net';
import path from 'node:path';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '@/lib/db/embeddedPostgres';
import { applyMigrations } from '@/lib/db/migrate';

export interface ResolvedDatabase {
  url: string;
  /** set when this process started the embedded database and must stop it */
  embedded: EmbeddedPostgres | null;
}

export const projectRoot = path.resolve(import.meta.dirname, '../..');

function embeddedPort(): number {
  return Number(process.env.PORTRAIT_EMBEDDED_PORT ?? 54329);
}

function embeddedUrl(port: number): string {
  return `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable&portrait_embedded=1`;
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * DATABASE_URL when set. Otherwise the embedded PGlite: the one a running `npm start` serves,
 * or one this process starts (data in ./.data/pglite), so a fresh machine needs no server.
 * Pending migrations are applied either way.
 */
export async function resolveDatabase(options: { mustStartEmbedded?: boolean } = {}): Promise<ResolvedDatabase> {
  let resolved: ResolvedDatabase;
  if (process.env.DATABASE_URL) {
    resolved = { url: process.env.DATABASE_URL, embedded: null };
  } else {
    const port = embeddedPort();
    if (await isListening(port)) {
      if (options.mustStartEmbedded) {
        throw new Error(`Port ${port} is taken: is Portrait already running? (set PORTRAIT_EMBEDDED_PORT)`);
      }
      resolved = { url: embeddedUrl(port), embedded: null };
    } else {
      const dataDir = path.resolve(process.env.PORTRAIT_DATA_DIR ?? path.join(projectRoot, '.data'), 'pglite');
      resolved = { url: embeddedUrl(port), embedded: await startEmbeddedPostgres(dataDir, port) };
    }
    process.env.DATABASE_URL = resolved.url;
    process.env.PORTRAIT_EMBEDDED = '1';
  }
  await applyMigrations(resolved.url.replace(/[?&]portrait_embedded=1/, ''));
  return resolved;
}
