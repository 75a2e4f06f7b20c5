import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

export const migrationsDir = path.resolve(import.meta.dirname, '../../prisma/migrations');

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

/**
 * Applies committed Prisma migrations that the database lacks, each in its own transaction,
 * and records them in `_prisma_migrations` exactly as `prisma migrate deploy` does
 * (checksum = sha256 of migration.sql), so either tool can take over later.
 */
const migrationLockKey = 72_687_261;

export async function applyMigrations(connectionString: string, dir = migrationsDir): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    // two processes starting at once (a CLI command beside `npm start`) apply them one after the other
    await client.query('SELECT pg_advisory_lock($1)', [migrationLockKey]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const done = await client.query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const appliedNames = new Set(done.rows.map((row) => row.migration_name));
    const names = (await readdir(dir, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    const applied: string[] = [];
    for (const name of names) {
      if (appliedNames.has(name)) continue;
      const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES ($1, $2, now(), $3, 1)`,
          [randomUUID(), checksum, name],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${name} failed: ${(error as Error).message}`);
      }
      applied.push(name);
    }
    return { applied, alreadyApplied: appliedNames.size };
  } finally {
    await client.end();
  }
}

/**
 * `CREATE DATABASE` for Portrait: byte-order ("C") collation, which sorts UTF-8 text by code
 * point as C.UTF-8 does, but lets Postgres compare with memcmp and abbreviated keys. Building
 * the events indexes (user ids, event types) took three times as long under C.UTF-8. Character
 * classes (lower(), regular expressions) keep the server's own LC_CTYPE.
 */
export async function createDatabaseStatement(client: pg.Client, name: string): Promise<string> {
  const { rows } = await client.query<{ ctype: string; version: number }>(
    `SELECT datctype AS ctype, current_setting('server_version_num')::int AS version
     FROM pg_database WHERE datname = 'template1'`,
  );
  const { ctype, version } = rows[0];
  const provider = version >= 150000 ? ' LOCALE_PROVIDER libc' : '';
  const utf8Ctype = /utf-?8/i.test(ctype) || ctype === 'C' || ctype === 'POSIX' ? ctype : 'C';
  return `CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE template0 ENCODING 'UTF8'${provider} LC_COLLATE 'C' LC_CTYPE ${client.escapeLiteral(utf8Ctype)}`;
}

/** Creates a database on the server of `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Invalid database name: ${name}`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(await createDatabaseStatement(client, name));
  } finally {
    await client.end();
  }
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Invalid database name: ${name}`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
