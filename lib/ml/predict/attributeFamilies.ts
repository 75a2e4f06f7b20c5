import type { PredictorFamily, TargetKind } from '@/lib/ml/predict/fitPredictor';

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
  if (users > boostingUserLimit) {
    return { families: ['linear'], reason: `over ${boostingUserLimit} users boosted trees are not tried` };
  }
  if (kind === 'multiclass' && classes > boostingClassLimit) {
    return { families: ['linear'], reason: `${classes} classes: boosted trees are tried up to ${boostingClassLimit}` };
  }
  return { families: ['linear', 'boosting'] };
}
