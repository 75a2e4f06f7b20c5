import { getPool } from '@/lib/db/connection';
import { loadAudienceContext } from './audienceContext';
import { type RecomputeResult, recomputeAudience } from './recomputeAudience';

async function audienceIdsOf(datasetId: number, kinds: string[]): Promise<number[]> {
  const { rows } = await getPool().query<{ id: number }>(
    'SELECT id FROM audiences WHERE dataset_id = $1 AND kind = ANY($2::text[]) ORDER BY id',
    [datasetId, kinds],
  );
  return rows.map((row) => row.id);
}

/**
 * After a retrain made a new run active: every audience of the dataset is recomputed against it
 * (segments matched to the new ones). One audience that cannot be computed any more (say, a
 * score the new run no longer trusts) is reported, not allowed to stop the others.
 */
export async function refreshAudiencesAfterRetrain(
  datasetId: number,
): Promise<{ results: RecomputeResult[]; failures: { audienceId: number; message: string }[] }> {
  const ids = await audienceIdsOf(datasetId, ['rules', 'lookalike']);
  if (!ids.length) return { results: [], failures: [] };
  const context = await loadAudienceContext(datasetId);
  const results: RecomputeResult[] = [];
  const failures: { audienceId: number; message: string }[] = [];
  for (const id of ids) {
    try {
      results.push(await recomputeAudience(id, 'retrain', { context }));
    } catch (error) {
      failures.push({ audienceId: id, message: (error as Error).message });
    }
  }
  return { results, failures };
}

/** After events arrived for some users: their membership of every rule audience, re-evaluated. */
export async function refreshAudiencesForUsers(datasetId: number, userIds: string[]): Promise<RecomputeResult[]> {
  if (!userIds.length) return [];
  const ids = await audienceIdsOf(datasetId, ['rules']);
  if (!ids.length) return [];
  const context = await loadAudienceContext(datasetId);
  const results: RecomputeResult[] = [];
  for (const id of ids) results.push(await recomputeAudience(id, 'events', { context, restrictTo: userIds }));
  return results;
}

/** The users an ingest batch brought events for. */
export async function usersOfImport(datasetId: number, importId: number): Promise<string[]> {
  const { rows } = await getPool().query<{ user_id: string }>(
    'SELECT DISTINCT user_id FROM events WHERE dataset_id = $1 AND import_id = $2',
    [datasetId, importId],
  );
  return rows.map((row) => row.user_id);
}

export type IngestAudienceRefresh =
  | { status: 'refreshed'; audiences: number; entered: number; left: number }
  | { status: 'skipped' | 'failed'; reason: string };

/** For the ingest route: accepted events stay accepted whatever happens to the audiences. */
export async function refreshAudiencesAfterIngest(datasetId: number, importId: number): Promise<IngestAudienceRefresh> {
  try {
    const { rows } = await getPool().query<{ active_run_id: number | null; audiences: number }>(
      'SELECT active_run_id, (SELECT count(*)::int FROM audiences WHERE dataset_id = $1) AS audiences FROM datasets WHERE id = $1',
      [datasetId],
    );
    if (!rows[0]?.audiences) return { status: 'skipped', reason: 'no audiences' };
    if (rows[0].active_run_id === null) return { status: 'skipped', reason: 'no trained run' };
    const results = await refreshAudiencesForUsers(datasetId, await usersOfImport(datasetId, importId));
    return {
      status: 'refreshed',
      audiences: results.length,
      entered: results.reduce((sum, result) => sum + result.entered, 0),
      left: results.reduce((sum, result) => sum + result.left, 0),
    };
  } catch (error) {
    console.error('Audience refresh after ingest failed', error);
    return { status: 'failed', reason: (error as Error).message };
  }
}
