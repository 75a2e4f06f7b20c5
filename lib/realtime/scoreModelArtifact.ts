import type { PersistedPredictor } from '@/lib/ml/predict/persistedPredictor';
import { predictiveVerdict } from '@/lib/ml/predict/predictiveVerdict';
import type { ValuePrediction } from '@/lib/ml/predict/predictValue';
import type { ServedValueModel } from '@/lib/ml/predict/servedValue';
import { targetRegistry } from '@/lib/ml/predict/targetRegistry';
import { valueTarget } from '@/lib/ml/predict/targets/value';
import { targetTrainings } from '@/lib/ml/predict/targetTrainings';
import type { EventWork } from '@/lib/training/predictionStage';

/** run_artifacts name of the models that score users between retrains. */
export const scoreModelArtifact = 'scoreModels';

/**
 * One stored score's model: a classifier on the behaviour features (the profile model's columns)
 * as of the profile's reference time, or the served predicted-value model, which also reads the
 * user's purchases.
 */
export type StoredScoreModel =
  | {
      /** the scores row's target: churn, propensity:<category>, goal:<id> */
      target: string;
      model: PersistedPredictor;
    }
  | {
      /** value:<H>d */
      target: string;
      value: { horizonDays: number; served: ServedValueModel };
    };

/**
 * The event models whose scores the run stores, as JSON: every registry target whose training
 * offers behaviourModels (churn, each category's propensity, custom goals) and the served
 * predicted-value model, when trained and predictive on the hold-out (a target that is not
 * stores no scores, so none follows either).
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
  const value = models.fitted.value as ValuePrediction | undefined;
  if (value?.status === 'trained' && value.contract.predictive && value.served) {
    const { horizonDays } = value.contract;
    stored.push({ target: valueTarget.nameOf(String(horizonDays)), value: { horizonDays, served: value.served } });
  }
  return stored.length ? [{ name: scoreModelArtifact, content: { models: stored } }] : [];
}
