import { referenceTime } from '@/lib/ml/features/referenceTime';
import { buildGoalLabels } from '@/lib/ml/predict/goalLabels';
import { type TrainTargetResult, trainTarget } from '@/lib/ml/predict/trainTarget';
import { goalTarget } from './goal';
import type { StoredGoal } from './targetQuality';
import {
  type PersonaInputs,
  type ScoreRow,
  skippedRow,
  type TargetRow,
  type TargetTraining,
  targetRow,
  userScores,
  verdictOf,
} from './targetTraining';

export interface FittedGoal {
  goal: StoredGoal;
  /** null when the labels could not be built (the reason says why) */
  result: TrainTargetResult | null;
  reason?: string;
}

/** A custom goal is trained as churn is: same window scheme, features, families, metric and verdict. */
export const goalTraining: TargetTraining<FittedGoal[]> = {
  async fitOnEvents({ events, items, goals, featureFunction, featureNames, seed, boosting, families }) {
    const fitted: FittedGoal[] = [];
    if (goals.length === 0) return fitted;
    const now = featureFunction(events, referenceTime(events.ts).ms);
    for (const goal of goals) {
      const labels = buildGoalLabels(events, items, goal, featureFunction);
      if (labels.status === 'skipped') {
        fitted.push({ goal, result: null, reason: labels.reason });
        continue;
      }
      const result = await trainTarget({
        features: labels.features,
        labels: labels.labels,
        kind: 'binary',
        featureNames,
        predictFeatures: now,
        seed,
        boosting,
        families,
      });
      fitted.push({ goal, result });
    }
    return fitted;
  },

  behaviourModels: (fitted) =>
    fitted.map(({ goal, result }) => ({ target: goalTarget.nameOf(String(goal.id)), result })),

  async collect(fitted, { events, log }) {
    if (fitted.length === 0) return { targets: [], scores: [] };
    const targets: TargetRow[] = [];
    const scores: Iterable<ScoreRow>[] = [];
    const metrics: Record<string, Record<string, unknown>> = {};
    const notPredictive: string[] = [];
    const personaGoals: NonNullable<PersonaInputs['goals']> = [];
    for (const fittedGoal of fitted) {
      const { goal, result, reason } = fittedGoal;
      const name = goalTarget.nameOf(String(goal.id));
      metrics[name] = goalReport(fittedGoal);
      if (!result) {
        targets.push(skippedRow(name, 'binary', reason ?? 'not enough data', { reason, goal }));
        log(`Goal "${goal.name}" skipped: ${reason}`);
        continue;
      }
      targets.push(
        targetRow(name, 'binary', result, {
          horizonDays: goal.horizonDays,
          split: 'stratified hold-out 20%',
          positiveClass: 'did it',
          goal,
        }),
      );
      if (result.status === 'skipped') {
        log(`Goal "${goal.name}" skipped: ${result.reason}`);
        continue;
      }
      log(`Goal "${goal.name}": hold-out AUC ${(result.holdout.auc ?? Number.NaN).toFixed(3)}`);
      if (!verdictOf(result).predictive) notPredictive.push(goal.name);
      else if (result.predictions) {
        scores.push(userScores(events, name, result.predictions));
        personaGoals.push({
          target: name,
          name: goal.name,
          horizonDays: goal.horizonDays,
          scores: Float32Array.from(result.predictions),
        });
      }
    }
    const trained = Object.values(metrics).filter((entry) => !('skipped' in entry)).length;
    return {
      targets,
      scores,
      outcome:
        trained === 0
          ? { stage: 'goals', status: 'skipped', reason: 'no goal has enough users who did it and who did not' }
          : {
              stage: 'goals',
              status: 'ran',
              ...(notPredictive.length
                ? {
                    note: `not predictive for ${notPredictive.join(', ')} (hold-out AUC below 0.55); their scores are not stored`,
                  }
                : {}),
            },
      metrics: { goals: metrics },
      personas: personaGoals.length ? { goals: personaGoals } : {},
    };
  },
};

/**
 * A goal's hold-out figures beside its baseline (AUC 0.5) and verdict, or why it was skipped: the
 * run's metrics.goals entry and `evaluate --json`'s targets entry.
 */
export function goalReport({ goal, result, reason }: FittedGoal): Record<string, unknown> {
  if (!result || result.status === 'skipped') return { goal, skipped: result?.reason ?? reason ?? 'not enough data' };
  const verdict = verdictOf(result);
  const { holdout } = result;
  return {
    goal,
    auc: holdout.auc,
    lift10: holdout.lift10,
    brier: holdout.brier,
    calibrationError: holdout.calibrationError,
    baselineAuc: 0.5,
    positives: result.positives,
    negatives: result.negatives,
    model: result.model,
    predictive: verdict.predictive,
    ...(verdict.reason ? { notPredictive: verdict.reason } : {}),
  };
}
