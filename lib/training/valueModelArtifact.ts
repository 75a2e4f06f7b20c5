import type { ValuePrediction } from '@/lib/ml/predict/predictValue';
import { valueTarget } from '@/lib/ml/predict/targets/value';
import { type RestoredValueModel, restoreValueModel, type StoredValueModel } from '@/lib/ml/predict/valueModel';
import type { EventWork } from './predictionStage';

/** run_artifacts name of predicted value's served model, which scores the users it was not fitted on. */
export const valueModelArtifact = 'valueModel';

export interface StoredValueTarget {
  /** the scores row's target: value:<H>d */
  target: string;
  model: StoredValueModel;
}

export interface LoadedValueTarget {
  target: string;
  restored: RestoredValueModel;
}

/**
 * Predicted value's served model as an artifact, when the run stores predicted values (the model
 * beat its baseline on the hold-out) and the model can be stored: a sample-fitted run scores every
 * user outside the sample with it, so they get what the sample's users got.
 */
export async function valueModelArtifacts(eventWork: EventWork | null): Promise<{ name: string; content: object }[]> {
  const models = await eventWork?.eventModels.result.catch(() => null);
  const value = models?.fitted.value as ValuePrediction | undefined;
  if (value?.status !== 'trained' || !value.contract.predictive || !value.servedModel) return [];
  const stored: StoredValueTarget = {
    target: valueTarget.nameOf(String(value.contract.horizonDays)),
    model: value.servedModel,
  };
  return [{ name: valueModelArtifact, content: stored }];
}

export async function loadValueTarget(stored: StoredValueTarget | null | undefined): Promise<LoadedValueTarget | null> {
  return stored ? { target: stored.target, restored: await restoreValueModel(stored.model) } : null;
}
