import { writeAudit } from '@/lib/audit/writeAudit';
import { type Caller, callerName } from '@/lib/auth/caller';
import { getPool } from '@/lib/db/connection';
import { BadInputError, ConflictError } from '@/lib/errors/domainError';
import { datasetEventTypes } from './goalChoices';
import type { GoalRequest } from './goalRequest';
import type { GoalView } from './goalView';
import { listGoals } from './listGoals';

/**
 * Saves a goal for the next retrain. Its event type must be one the dataset has, and its category
 * one of its items': a goal on a misspelt type would train on no positives and say so only after a
 * retrain.
 */
export async function createGoal(
  caller: Caller | string | null,
  datasetId: number,
  request: GoalRequest,
): Promise<GoalView> {
  const pool = getPool();
  const types = await datasetEventTypes(datasetId);
  if (!types.includes(request.eventType)) {
    throw new BadInputError(
      `Unknown event type "${request.eventType}": this dataset has ${types.map((type) => `"${type}"`).join(', ') || 'no events'}`,
      { field: 'eventType' },
    );
  }
  if (request.category) {
    const { rows } = await pool.query<{ found: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM items WHERE dataset_id = $1 AND $2 = ANY(categories)) AS found',
      [datasetId, request.category],
    );
    if (!rows[0].found)
      throw new BadInputError(`Unknown category "${request.category}": no item of this dataset has it`, {
        field: 'category',
      });
  }
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO prediction_goals (dataset_id, name, event_type, category, min_value, horizon_days, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (dataset_id, name) DO NOTHING RETURNING id`,
    [
      datasetId,
      request.name,
      request.eventType,
      request.category ?? null,
      request.minValue ?? null,
      request.horizonDays,
      typeof caller === 'string' ? caller : caller ? callerName(caller) : null,
    ],
  );
  if (rows.length === 0) throw new ConflictError(`This dataset already has a goal named "${request.name}"`);
  await writeAudit(caller, 'goal.create', `dataset:${datasetId}`, { goal: rows[0].id, ...request });
  return (await listGoals(datasetId)).find((goal) => goal.id === rows[0].id) as GoalView;
}
