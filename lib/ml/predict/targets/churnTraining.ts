import { type ChurnPrediction, predictChurn } from '@/lib/ml/predict/predictChurn';
import { churnTarget } from './churn';
import { skippedRow, type TargetTraining, targetRow, userScores, verdictOf } from './targetTraining';

type FittedChurn = Omit<ChurnPrediction, 'labels'>;

export const churnTraining: TargetTraining<FittedChurn> = {
  async fitOnEvents({ events, settings, featureFunction, featureNames, seed, boosting, families }) {
    const { labels: _labels, ...churn } = await predictChurn(events, settings, featureFunction, {
      featureNames,
      seed,
      boosting,
      families,
    });
    return churn;
  },

  behaviourModels: (churn) => [{ target: churnTarget.nameOf(''), result: churn.result }],

  async collect(churn, { events, settings, log }) {
    const name = churnTarget.nameOf('');
    const verdict = churn.result ? verdictOf(churn.result) : null;
    const row = churn.result
      ? targetRow(name, 'binary', churn.result, {
          horizonDays: settings.horizonDays,
          split: 'stratified hold-out 20%',
          positiveClass: 'churned',
        })
      : {
          ...skippedRow(name, 'binary', churn.contract.reason ?? 'not enough data'),
          quality: { reason: churn.contract.reason },
        };
    log(
      churn.contract.churn
        ? `Churn: hold-out AUC ${churn.contract.churn.auc.toFixed(3)}`
        : `Churn skipped: ${churn.contract.reason}`,
    );
    // A model that does not beat its baseline stores no scores: nothing can show them as risk.
    const stored = churn.churnProbability && verdict?.predictive ? churn.churnProbability : null;
    return {
      targets: [row],
      scores: stored ? [userScores(events, name, stored)] : [],
      outcome:
        !churn.result || churn.result.status === 'skipped'
          ? { stage: 'churn', status: 'skipped', reason: churn.contract.reason ?? 'not enough data' }
          : {
              stage: 'churn',
              status: 'ran',
              ...(verdict?.reason ? { note: `${verdict.reason}; no churn scores stored` } : {}),
            },
      metrics: {
        churn: churn.contract.churn
          ? { ...churn.contract.churn, predictive: verdict?.predictive ?? false }
          : { skipped: churn.contract.reason },
      },
      personas: stored ? { churnScore: Float32Array.from(stored) } : {},
    };
  },
};
