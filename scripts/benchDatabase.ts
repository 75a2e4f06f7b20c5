import { applyMigrations, dropDatabase, ensureDatabase } from '@/lib/db/migrate';

export interface BenchDatabase {
  url: string;
  /** drops the database unless the caller named it (`--database`), to be kept for the next run */
  finish(): Promise<void>;
}

/**
 * A migrated database for one benchmark on `server`: `portrait_bench_<label>_<pid>`, dropped at
 * the end, or the `portrait_bench*` database the caller named, kept. Sets DATABASE_URL to it.
 */
export async function openBenchDatabase(server: string, label: string, named?: string): Promise<BenchDatabase> {
  const database = named ?? `portrait_bench_${label}_${process.pid}`;
  if (!database.startsWith('portrait_bench')) throw new Error('--database must name a portrait_bench* database');
  await ensureDatabase(server, database);
  const url = new URL(server);
  url.pathname = `/${database}`;
  process.env.DATABASE_URL = url.toString();
  await applyMigrations(url.toString());
  return {
    url: url.toString(),
    async finish() {
      if (named === undefined) await dropDatabase(server, database);
    },
  };
}
