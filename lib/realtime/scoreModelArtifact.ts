import type { PersistedPredictor } from '@/lib/ml/predict/persistedPredictor';
import { predictiveVerdict } from '@/lib/ml/predict/predictiveVerdict';
import type { TrainTargetResult } from '@/lib/ml/predict/trainTarget';
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
 * The event models whose scores the run stores, as JSON: churn and each category's propensity,
 * when trained and predictive on the hold-out (a target that is not stores no scores, so none
 * follows either). Each target here is one the registry of prediction targets would list with a
 * "scores from behaviour features" capability.
 */
export async function scoreModelArtifacts(eventWork: EventWork | null): Promise<{ name: string; content: object }[]> {
  const models = await eventWork?.eventModels.result.catch(() => null);
  if (!models) return [];
  const stored: StoredScoreModel[] = [];
  const keep = (target: string, result: TrainTargetResult | null) => {
    if (result?.status !== 'trained' || !result.persisted || !predictiveVerdict(result.holdout).predictive) return;
    stored.push({ target, model: result.persisted });
  };
  keep('churn', models.churn.result);
  if (models.propensity.status === 'ready') {
    for (const category of models.propensity.categories) keep(`propensity:${category.category}`, category.result);
  }
  return stored.length ? [{ name: scoreModelArtifact, content: { models: stored } }] : [];
}
