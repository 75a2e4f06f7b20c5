import type pg from 'pg';
import { getPool } from '@/lib/db/connection';
import { stageTablePrefix } from './stageTable';

/**
 * Drops staging tables left behind by imports that died. An import creates its staging tables
 * inside its own transaction, so another import's tables in flight are invisible here: every
 * visible one is a leftover (for example from a Postgres crash mid-import). Returns their names.
 */
export async function cleanupStaleStaging(db: pg.Pool | pg.PoolClient = getPool()): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables
     WHERE schemaname = current_schema() AND tablename LIKE $1 AND tablename ~ $2`,
    [`${stageTablePrefix}%`, `^${stageTablePrefix}[0-9]+$`],
  );
  for (const { name } of rows) await db.query(`DROP TABLE IF EXISTS ${name}`);
  return rows.map((row) => row.name);
}
