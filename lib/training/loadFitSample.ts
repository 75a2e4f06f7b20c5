import { getPool } from '@/lib/db/connection';
import { readTimestampWindow } from '@/lib/ingest/limits';
import type { ReferenceTime } from '@/lib/ml/features/referenceTime';
import { stratifiedUserSample } from './fitSample';
import { loadPipelineInput, type PipelineInput } from './loadPipelineInput';

export interface FitSample {
  /** every user with events, in the order loadPipelineInput reads them */
  userIds: string[];
  /** the sample's events, items and attributes, as loadPipelineInput reads them for those users */
  input: PipelineInput;
  /** the run's "now" over every user's events, as referenceTime would find it with them all loaded */
  reference: ReferenceTime;
}

/**
 * What a run fitted on a sample reads first: the event count of every user (one grouped query,
 * no events), a stratified sample of `size` of them (stratifiedUserSample, seeded) with their
 * events, and the reference time over all events. The other users' events are read later, a
 * chunk at a time, so only the sample and one chunk are held at once.
 */
export async function loadFitSample(datasetId: number, size: number, seed: number): Promise<FitSample> {
  const pool = getPool();
  const { rows } = await pool.query<[string, number]>({
    text: 'SELECT user_id, count(*)::int FROM events WHERE dataset_id = $1 GROUP BY user_id ORDER BY user_id',
    values: [datasetId],
    rowMode: 'array',
  });
  const userIds = rows.map((row) => row[0]);
  const chosen = stratifiedUserSample(
    Int32Array.from(rows, (row) => row[1]),
    size,
    seed,
  );
  const input = await loadPipelineInput(datasetId, undefined, { userIds: Array.from(chosen, (u) => userIds[u]) });
  return { userIds, input, reference: await referenceTimeOf(datasetId) };
}

/** referenceTime over a dataset's events, in the database. */
async function referenceTimeOf(datasetId: number): Promise<ReferenceTime> {
  const limit = new Date(readTimestampWindow(Date.now()).maxMs);
  const { rows } = await getPool().query<{ latest: number | null; latest_any: number | null; later: number }>(
    `SELECT round(date_part('epoch', max(ts) FILTER (WHERE ts <= $2)) * 1000)::float8 AS latest,
       round(date_part('epoch', max(ts)) * 1000)::float8 AS latest_any,
       (count(*) FILTER (WHERE ts > $2))::int AS later
     FROM events WHERE dataset_id = $1`,
    [datasetId, limit],
  );
  const { latest, latest_any: latestAny, later } = rows[0];
  return latest !== null ? { ms: latest, later } : { ms: latestAny ?? Number.NEGATIVE_INFINITY, later: 0 };
}
