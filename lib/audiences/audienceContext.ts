import { getPool } from '@/lib/db/connection';
import { activeRunOf, requireDataset } from '@/lib/queries/requireRun';

export interface AudienceContext {
  datasetId: number;
  runId: number;
  /** the dataset's newest event: behaviour windows count back from it */
  asOf: Date;
}

/**
 * The run and the time an audience is evaluated against. The newest event is found type by type
 * on the (type_key, ts) index: a skip over the few event types rather than a scan of the events.
 */
export async function loadAudienceContext(datasetId: number): Promise<AudienceContext> {
  const run = activeRunOf(await requireDataset(datasetId));
  const { rows } = await getPool().query<{ as_of: Date | null }>({
    name: 'portrait_audience_as_of',
    text: `WITH RECURSIVE type_keys AS (
         SELECT min(type_key) AS type_key FROM events WHERE dataset_id = $1
         UNION ALL
         SELECT (SELECT min(type_key) FROM events WHERE dataset_id = $1 AND type_key > k.type_key)
         FROM type_keys k WHERE k.type_key IS NOT NULL)
       SELECT max((SELECT max(ts) FROM events WHERE dataset_id = $1 AND type_key = k.type_key)) AS as_of
       FROM type_keys k WHERE k.type_key IS NOT NULL`,
    values: [datasetId],
  });
  return { datasetId, runId: run.runId, asOf: rows[0]?.as_of ?? new Date() };
}
