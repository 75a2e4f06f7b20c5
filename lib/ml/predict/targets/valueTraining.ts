import { predictValue, type ValuePrediction } from '@/lib/ml/predict/predictValue';
import type { TargetTraining } from './targetTraining';
import { skippedRow, userScores } from './targetTraining';
import { valueTarget } from './value';

export const valueTraining: TargetTraining<ValuePrediction> = {
  fitOnEvents: ({ events, settings, featureFunction, seed, families, boosting }) =>
    predictValue(events, settings, featureFunction, {
      horizonDays: settings.valueHorizonDays,
      seed,
      families,
      boosting,
    }),

  async collect(value, { events, settings, log }) {
    const name = valueTarget.nameOf(String(settings.valueHorizonDays));
    if (value.status === 'skipped') {
      return {
        targets: [
          skippedRow(name, 'numeric', value.reason, { reason: value.reason, horizonDays: settings.valueHorizonDays }),
        ],
        scores: [],
        outcome: { stage: 'value', status: 'skipped', reason: value.reason },
        metrics: { value: { skipped: value.reason } },
      };
    }
    const { contract } = value;
    log(
      `Predicted value: ${contract.model} (hold-out Spearman ${contract.spearman.toFixed(3)} vs previous ${contract.horizonDays} days ${contract.baseline.spearman.toFixed(3)})`,
    );
    // as for churn, a model no better than its baseline stores no predictions
    const stored = contract.predictive ? value.predictedValue : null;
    return {
      targets: [
        {
          target: name,
          kind: 'numeric',
          status: 'trained',
          reason: null,
          model: contract.model,
          // the headline fields every target has (metric, value, baseline as numbers), the rest beside them
          quality: {
            ...contract,
            metric: 'spearman',
            value: contract.spearman,
            baseline: contract.baseline.spearman,
            baselineScores: contract.baseline,
          },
        },
      ],
      scores: stored ? [userScores(events, name, stored)] : [],
      outcome: {
        stage: 'value',
        status: 'ran',
        ...(contract.notPredictive ? { note: `${contract.notPredictive}; no predicted values stored` } : {}),
      },
      metrics: { value: contract },
      personas: stored ? { predictedValue: Float32Array.from(stored) } : {},
    };
  },
};
