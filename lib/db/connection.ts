import pg from 'pg';

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (npm start sets it to the embedded database)');
  return url;
}

export function poolSize(): number {
  return Number(process.env.PORTRAIT_DB_POOL ?? 10);
}

const pools = new Map<string, pg.Pool>();

/** A shared node-postgres pool per database URL, for COPY and hand-written SQL. */
export function getPool(url = databaseUrl()): pg.Pool {
  let pool = pools.get(url);
  if (!pool) {
    pool = new pg.Pool({ connectionString: url, max: poolSize() });
    pool.on('error', () => {});
    // A connection the server drops while a caller holds it (a restart, pg_terminate_backend) emits
    // 'error' on its client between queries; unheard, that ends the process. The caller's next
    // query rejects instead, and the pool discards the client on release.
    pool.on('connect', (client) => client.on('error', () => {}));
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
  return { connectionString: url, max: poolSize() };
}
