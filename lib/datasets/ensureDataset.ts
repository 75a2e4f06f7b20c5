import type pg from 'pg';
import { getPool } from '@/lib/db/connection';

/** A dataset name as users type it: trimmed, 1-100 characters, no control characters. */
export function checkDatasetName(name: string): string {
  const trimmed = name.trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects
  if (trimmed.length === 0 || trimmed.length > 100 || /[\u0000-\u001f\u007f]/.test(trimmed)) {
    throw new Error(`Invalid dataset name "${name}": use 1-100 printable characters`);
  }
  return trimmed;
}

/** The id of the dataset called `name`, creating it when missing. */
export async function ensureDataset(name: string, db: pg.Pool | pg.PoolClient = getPool()): Promise<number> {
  const datasetName = checkDatasetName(name);
  const inserted = await db.query<{ id: number }>(
    'INSERT INTO datasets (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING id',
    [datasetName],
  );
  if (inserted.rows.length > 0) return inserted.rows[0].id;
  const existing = await db.query<{ id: number }>('SELECT id FROM datasets WHERE name = $1', [datasetName]);
  return existing.rows[0].id;
}

/** The id of the dataset called `name`, or null. */
export async function findDatasetId(name: string, db: pg.Pool | pg.PoolClient = getPool()): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM datasets WHERE name = $1', [name.trim()]);
  return rows[0]?.id ?? null;
}
