import pg from 'pg';

/** The embedded PGlite server is one connection underneath: more than one per process fails. */
export function isEmbeddedDatabase(url = databaseUrl()): boolean {
  return process.env.PORTRAIT_EMBEDDED === '1' || url.includes('portrait_embedded=1');
}

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (npm start sets it to the embedded database)');
  return url;
}

export function poolSize(url = databaseUrl()): number {
  if (isEmbeddedDatabase(url)) return 1;
  return Number(process.env.PORTRAIT_DB_POOL ?? 10);
}

function stripPortraitParams(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.delete('portrait_embedded');
  return parsed.toString();
}

const pools = new Map<string, pg.Pool>();

/** A shared node-postgres pool per database URL, for COPY and hand-written SQL. */
export function getPool(url = databaseUrl()): pg.Pool {
  let pool = pools.get(url);
  if (!pool) {
    pool = new pg.Pool({ connectionString: stripPortraitParams(url), max: poolSize(url) });
    pool.on('error', () => {});
    pools.set(url, pool);
  }
  return pool;
}

export async function closePools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((pool) => pool.end()));
}

export function connectionOptions(url = databaseUrl()): pg.PoolConfig {
  return { connectionString: stripPortraitParams(url), max: poolSize(url) };
}
