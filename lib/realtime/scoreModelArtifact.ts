import type { PersistedPredictor } from '@/lib/ml/predict/persistedPredictor';
import { predictiveVerdict } from '@/lib/ml/predict/predictiveVerdict';
import { targetRegistry } from '@/lib/ml/predict/targetRegistry';
import { targetTrainings } from '@/lib/ml/predict/targetTrainings';
import type { EventWork } from '@/lib/training/predictionStage';

/** run_artifacts name of the models that score users between retrains. */
export const scoreModelArtifact = 'scoreModels';

export interface StoredScoreModel {
  /** the scores row's target: churn, propensity:<category> */
  target: string;
  /** on the behaviour features (the profile model's columns), as of the profile's reference time */
  model: PersistedPredictor;
}

/**
 * The event models whose scores the run stores, as JSON: every registry target whose training
 * offers behaviourModels (churn and each category's propensity), when trained and predictive on
 * the hold-out (a target that is not stores no scores, so none follows either).
 */
export async function scoreModelArtifacts(eventWork: EventWork | null): Promise<{ name: string; content: object }[]> {
  const models = await eventWork?.eventModels.result.catch(() => null);
  if (!models) return [];
  const stored: StoredScoreModel[] = [];
  for (const { key } of targetRegistry) {
    const fitted = models.fitted[key];
    const behaviourModels = targetTrainings[key].behaviourModels;
    if (fitted === undefined || !behaviourModels) continue;
    for (const { target, result } of behaviourModels(fitted)) {
      if (result?.status !== 'trained' || !result.persisted || !predictiveVerdict(result.holdout).predictive) continue;
      stored.push({ target, model: result.persisted });
    }
  }
  return stored.length ? [{ name: scoreModelArtifact, content: { models: stored } }] : [];
}
