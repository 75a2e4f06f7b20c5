import { getPool } from '@/lib/db/connection';

/**
 * The event types of a dataset: a loose index scan over their keys (type_key), one probe per
 * distinct type however many events there are, and one event read for each type's name.
 */
export async function datasetEventTypes(datasetId: number): Promise<string[]> {
  const { rows } = await getPool().query<{ type: string }>(
    `WITH RECURSIVE type_keys AS (
       SELECT min(type_key) AS type_key FROM events WHERE dataset_id = $1
       UNION ALL
       SELECT (SELECT min(type_key) FROM events WHERE dataset_id = $1 AND type_key > k.type_key)
       FROM type_keys k WHERE k.type_key IS NOT NULL)
     SELECT (SELECT type FROM events WHERE dataset_id = $1 AND type_key = k.type_key LIMIT 1) AS type
     FROM type_keys k WHERE k.type_key IS NOT NULL ORDER BY 1`,
    [datasetId],
  );
  return rows.map((row) => row.type);
}

/** The item categories of a dataset (the first 500), for the goal form's choices. */
export async function datasetCategories(datasetId: number): Promise<string[]> {
  const { rows } = await getPool().query<{ category: string }>(
    'SELECT DISTINCT unnest(categories) AS category FROM items WHERE dataset_id = $1 ORDER BY 1 LIMIT 500',
    [datasetId],
  );
  return rows.map((row) => row.category);
}
