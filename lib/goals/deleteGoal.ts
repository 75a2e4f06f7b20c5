import { writeAudit } from '@/lib/audit/writeAudit';
import type { Caller } from '@/lib/auth/caller';
import { getPool } from '@/lib/db/connection';
import { NotFoundError } from '@/lib/errors/domainError';

/**
 * Removes a goal: the next retrain no longer trains it. Runs already trained keep its target and
 * scores, as they keep everything else they stored.
 */
export async function deleteGoal(
  caller: Caller | string | null,
  datasetId: number,
  goalId: number,
): Promise<{ id: number }> {
  const { rowCount } = await getPool().query('DELETE FROM prediction_goals WHERE dataset_id = $1 AND id = $2', [
    datasetId,
    goalId,
  ]);
  if (!rowCount) throw new NotFoundError(`No goal ${goalId} in this dataset`);
  await writeAudit(caller, 'goal.delete', `dataset:${datasetId}`, { goal: goalId });
  return { id: goalId };
}
