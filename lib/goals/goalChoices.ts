import { getPool } from '@/lib/db/connection';

/** The event types of a dataset: a loose index scan, one probe per distinct type however many events there are. */
export async function datasetEventTypes(datasetId: number): Promise<string[]> {
  const { rows } = await getPool().query<{ type: string }>(
    `WITH RECURSIVE types AS (
       SELECT min(type) AS type FROM events WHERE dataset_id = $1
       UNION ALL
       SELECT (SELECT min(type) FROM events WHERE dataset_id = $1 AND type > types.type) FROM types WHERE types.type IS NOT NULL)
     SELECT type FROM types WHERE type IS NOT NULL ORDER BY type`,
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
