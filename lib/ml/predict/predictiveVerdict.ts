import type { TargetMetrics } from './targetMetrics';

/**
 * Below this hold-out AUC a binary model (churn, propensity, a yes/no attribute) ranks users
 * barely better than a coin: its scores are not shown as risk or likelihood anywhere.
 */
export const minimumPredictiveAuc = 0.55;

export interface PredictiveVerdict {
  predictive: boolean;
  /** why the model is not predictive, with its numbers */
  reason?: string;
}

/**
 * Whether a model's hold-out quality earns it a place in what Portrait shows: AUC of at least
 * minimumPredictiveAuc (binary), macro-F1 above the majority class and a one-vs-rest macro-AUC of at
 * least minimumPredictiveAuc where it was measured (multiclass), a smaller error
 * than the median (numeric), a higher Spearman than the previous period's spend (predicted value). The same rule serves the run, `evaluate`, the API, the dashboard
 * and exports, since they all read what the run stored.
 */
export function predictiveVerdict(
  holdout: Pick<TargetMetrics, 'metric' | 'value' | 'baseline' | 'auc'>,
): PredictiveVerdict {
  const { metric, value, baseline, auc } = holdout;
  if (!Number.isFinite(value)) return { predictive: false, reason: `hold-out ${metric} could not be measured` };
  if (metric === 'auc') {
    return value >= minimumPredictiveAuc
      ? { predictive: true }
      : {
          predictive: false,
          reason: `not predictive: hold-out AUC ${value.toFixed(3)} is below ${minimumPredictiveAuc}`,
        };
  }
  if (metric === 'macroF1') {
    if (!(value > baseline))
      return {
        predictive: false,
        reason: `not predictive: hold-out macro-F1 ${value.toFixed(3)} does not beat the majority class (${baseline.toFixed(3)})`,
      };
    // any guess spread over the values beats always guessing one on macro-F1: the guesses must
    // also rank each value's holders above the rest
    if (auc !== undefined && Number.isFinite(auc) && auc < minimumPredictiveAuc)
      return {
        predictive: false,
        reason: `not predictive: hold-out macro-AUC ${auc.toFixed(3)} is below ${minimumPredictiveAuc}`,
      };
    return { predictive: true };
  }
  if (metric === 'spearman') {
    return value > baseline
      ? { predictive: true }
      : {
          predictive: false,
          reason: `not predictive: hold-out Spearman ${value.toFixed(3)} does not beat the previous period's spend (${baseline.toFixed(3)})`,
        };
  }
  return value < baseline
    ? { predictive: true }
    : {
        predictive: false,
        reason: `not predictive: hold-out MAE ${value.toFixed(3)} does not beat the median (${baseline.toFixed(3)})`,
      };
}
