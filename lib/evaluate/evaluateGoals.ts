import { goalsToTrain } from '@/lib/goals/listGoals';
import { behaviourFeatureFunction } from '@/lib/ml/predict/behaviourFeatureFunction';
import { boostingSettings, eventModelFamilies } from '@/lib/ml/predict/modelSettings';
import { goalTarget } from '@/lib/ml/predict/targets/goal';
import { goalReport, goalTraining } from '@/lib/ml/predict/targets/goalTraining';
import type { EventTable, ItemTable, PipelineSettings } from '@/lib/ml/types';

/**
 * The dataset's custom goals measured afresh as a retrain trains them: each on a stratified
 * hold-out of the users active before its cut-off, beside AUC 0.5, by target name (goal:<id>).
 */
export async function evaluateGoals(
  datasetId: number,
  events: EventTable,
  items: ItemTable,
  settings: PipelineSettings,
  seed: number,
): Promise<Record<string, Record<string, unknown>>> {
  const goals = await goalsToTrain(datasetId);
  if (goals.length === 0) return {};
  const { featureFunction, featureNames } = behaviourFeatureFunction(events, items, settings);
  const fitted = await goalTraining.fitOnEvents?.({
    events,
    items,
    settings,
    goals,
    seed,
    families: eventModelFamilies(events.userIds.length),
    boosting: boostingSettings,
    featureFunction,
    featureNames,
  });
  return Object.fromEntries((fitted ?? []).map((goal) => [goalTarget.nameOf(String(goal.goal.id)), goalReport(goal)]));
}
