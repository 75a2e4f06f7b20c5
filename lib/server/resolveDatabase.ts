import { existsSync } from 'node:fs';
import path from 'node:path';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '@/lib/db/embeddedPostgres';
import { applyMigrations } from '@/lib/db/migrate';

export interface ResolvedDatabase {
  url: string;
  /** set when the database is the embedded server: this process must leave it on exit */
  embedded: EmbeddedPostgres | null;
  /** a line for the user when there is something to know (an old PGlite folder) */
  note?: string;
}

export const projectRoot = path.resolve(import.meta.dirname, '../..');

export function dataFolder(): string {
  return path.resolve(process.env.PORTRAIT_DATA_DIR ?? path.join(projectRoot, '.data'));
}

function embeddedPort(): number {
  return Number(process.env.PORTRAIT_EMBEDDED_PORT ?? 54329);
}

function pgliteNote(folder: string): string | undefined {
  const old = path.join(folder, 'pglite');
  if (!existsSync(old)) return undefined;
  return `Note: ${old} (the database of Portrait before 0.2) is left as it was; import your files again with \`npx portrait import\` to bring that data over.`;
}

/**
 * DATABASE_URL when set. Otherwise the embedded PostgreSQL server with its data in
 * ./.data/postgres (PORTRAIT_DATA_DIR), started by the first Portrait process that needs it and
 * shared by the others. Pending migrations are applied either way.
 */
export async function resolveDatabase(): Promise<ResolvedDatabase> {
  if (process.env.DATABASE_URL) {
    await applyMigrations(process.env.DATABASE_URL);
    return { url: process.env.DATABASE_URL, embedded: null };
  }
  const folder = dataFolder();
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(folder, 'postgres'), port: embeddedPort() });
  process.env.DATABASE_URL = embedded.url;
  await applyMigrations(embedded.url);
  return { url: embedded.url, embedded, note: pgliteNote(folder) };
}
