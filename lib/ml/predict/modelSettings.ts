import type { PredictorFamily, TargetKind } from '@/lib/ml/predict/fitPredictor';

// The model settings a run trains with and `portrait evaluate` measures with: one place, so the
// figures evaluate prints are those of the models a run serves.

/**
 * XGBoost runs in WebAssembly on one thread: 60 shallow rounds keep a retrain of ten targets
 * within a minute on 2 cores, and on the demo data more rounds did not win validation.
 */
export const boostingSettings = { rounds: 60, maxDepth: 3 };

/** above this many users only the linear models are fitted (boosting is single-threaded WebAssembly) */
export const boostingUserLimit = 20_000;
/**
 * Softprob boosting fits one tree per class per round, in WebAssembly on one thread: above a
 * few classes (e.g. ten cities) a retrain would take minutes, so those use the linear model.
 */
export const boostingClassLimit = 4;

/**
 * The model families an attribute target chooses between by validation, and why a family was
 * left out, for the run's record.
 */
export function attributeFamilies(
  kind: TargetKind,
  classes: number,
  users: number,
): { families: PredictorFamily[]; reason?: string } {
  // the items family (a linear model on the raw user x item matrix) is sparse and cheap at any size
  if (users > boostingUserLimit) {
    return { families: ['linear', 'items'], reason: `over ${boostingUserLimit} users boosted trees are not tried` };
  }
  if (kind === 'multiclass' && classes > boostingClassLimit) {
    return {
      families: ['linear', 'items'],
      reason: `${classes} classes: boosted trees are tried up to ${boostingClassLimit}`,
    };
  }
  return { families: ['linear', 'boosting', 'items'] };
}

/** The model families churn and category propensity choose between by validation. */
export function eventModelFamilies(users: number): PredictorFamily[] {
  return users > boostingUserLimit ? ['linear'] : ['linear', 'boosting'];
}
