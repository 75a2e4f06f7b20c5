import { existsSync } from 'node:fs';
import path from 'node:path';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '@/lib/db/embeddedPostgres';
import { applyMigrations } from '@/lib/db/migrate';

export interface ResolvedDatabase {
  url: string;
  /** set when the database is the embedded server: this process must leave it on exit */
  embedded: EmbeddedPostgres | null;
  /** lines for the user when there is something to know (a moved port, an old PGlite folder) */
  note?: string;
}

export const projectRoot = path.resolve(import.meta.dirname, '../..');

export function dataFolder(): string {
  return path.resolve(process.env.PORTRAIT_DATA_DIR ?? path.join(projectRoot, '.data'));
}

const defaultEmbeddedPort = 54329;

/** A port the user chose is kept or refused; the default gives way to the next nine when in use. */
function embeddedPorts(): { port: number; fallbackPorts: number[] } {
  if (process.env.PORTRAIT_EMBEDDED_PORT)
    return { port: Number(process.env.PORTRAIT_EMBEDDED_PORT), fallbackPorts: [] };
  return {
    port: defaultEmbeddedPort,
    fallbackPorts: Array.from({ length: 9 }, (_, i) => defaultEmbeddedPort + 1 + i),
  };
}

function movedPortNote(url: string): string | undefined {
  const port = Number(new URL(url).port);
  if (process.env.PORTRAIT_EMBEDDED_PORT || port === defaultEmbeddedPort) return undefined;
  return `Note: port ${defaultEmbeddedPort} is in use, so the embedded PostgreSQL listens on 127.0.0.1:${port} (PORTRAIT_EMBEDDED_PORT chooses one).`;
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
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(folder, 'postgres'), ...embeddedPorts() });
  process.env.DATABASE_URL = embedded.url;
  await applyMigrations(embedded.url);
  const notes = [movedPortNote(embedded.url), pgliteNote(folder)].filter((note) => note !== undefined);
  return { url: embedded.url, embedded, note: notes.length > 0 ? notes.join('\n') : undefined };
}
