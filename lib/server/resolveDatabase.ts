import path from 'node:path';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '@/lib/db/embeddedPostgres';

export interface ResolvedDatabase {
  url: string;
  embedded: EmbeddedPostgres | null;
}

export const projectRoot = path.resolve(import.meta.dirname, '../..');

/**
 * DATABASE_URL when set; otherwise an embedded PGlite served on a local port, with its data in
 * ./.data/pglite, so a fresh machine needs no Postgres server.
 */
export async function resolveDatabase(): Promise<ResolvedDatabase> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: null };
  const dataDir = path.resolve(process.env.PORTRAIT_DATA_DIR ?? path.join(projectRoot, '.data'), 'pglite');
  const port = Number(process.env.PORTRAIT_EMBEDDED_PORT ?? 54329);
  const embedded = await startEmbeddedPostgres(dataDir, port);
  process.env.DATABASE_URL = embedded.url;
  process.env.PORTRAIT_EMBEDDED = '1';
  return { url: embedded.url, embedded };
}
