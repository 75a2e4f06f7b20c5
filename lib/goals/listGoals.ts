import { getPool } from '@/lib/db/connection';
import { goalTarget } from '@/lib/ml/predict/targets/goal';
import type { StoredGoal } from '@/lib/ml/predict/targets/targetQuality';
import { type GoalRow, type GoalView, goalColumns } from './goalView';

export function goalOf(row: GoalRow): StoredGoal {
  return {
    id: row.id,
    name: row.name,
    eventType: row.event_type,
    category: row.category,
    minValue: row.min_value,
    horizonDays: row.horizon_days,
  };
}

/** A dataset's custom goals, oldest first: the order a retrain trains them in. */
export async function listGoals(datasetId: number): Promise<GoalView[]> {
  const { rows } = await getPool().query<GoalRow>(
    `SELECT ${goalColumns} FROM prediction_goals WHERE dataset_id = $1 ORDER BY id`,
    [datasetId],
  );
  return rows.map((row) => ({
    ...goalOf(row),
    target: goalTarget.nameOf(String(row.id)),
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
  }));
}

/** The goals a retrain trains: their definitions only. */
export async function goalsToTrain(datasetId: number): Promise<StoredGoal[]> {
  return (await listGoals(datasetId)).map(({ id, name, eventType, category, minValue, horizonDays }) => ({
    id,
    name,
    eventType,
    category,
    minValue,
    horizonDays,
  }));
}
