import { getPool } from '@/lib/db/connection';
import { goalTarget } from '@/lib/ml/predict/targets/goal';
import type { StoredGoal } from '@/lib/ml/predict/targets/targetQuality';
import { datasetCategories, datasetEventTypes } from './goalChoices';
import type { GoalRow, GoalView } from './goalView';

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
    `SELECT g.id, g.name, g.event_type, g.category, g.min_value, g.horizon_days, g.created_by, g.created_at,
       t.status AS run_status, t.reason AS run_reason, (t.quality->>'auc')::float8 AS run_auc,
       (t.quality->>'predictive')::boolean AS run_predictive
     FROM prediction_goals g JOIN datasets d ON d.id = g.dataset_id
     LEFT JOIN prediction_targets t ON t.run_id = d.active_run_id AND t.target = 'goal:' || g.id
     WHERE g.dataset_id = $1 ORDER BY g.id`,
    [datasetId],
  );
  return rows.map((row) => ({
    ...goalOf(row),
    target: goalTarget.nameOf(String(row.id)),
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    activeRun: row.run_status
      ? {
          status: row.run_status,
          reason: row.run_reason,
          auc: row.run_auc,
          predictive: row.run_predictive ?? false,
        }
      : null,
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

/** What the Admin screen's goal list shows: the goals, and the event types and categories a new one may name. */
export async function goalsOverview(
  datasetId: number,
): Promise<{ goals: GoalView[]; eventTypes: string[]; categories: string[] }> {
  const [goals, eventTypes, categories] = await Promise.all([
    listGoals(datasetId),
    datasetEventTypes(datasetId),
    datasetCategories(datasetId),
  ]);
  return { goals, eventTypes, categories };
}
