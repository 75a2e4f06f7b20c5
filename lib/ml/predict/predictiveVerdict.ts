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
 * minimumPredictiveAuc (binary), macro-F1 above the majority class (multiclass), a smaller error
 * than the median (numeric), a higher Spearman than the previous period's spend (predicted value). The same rule serves the run, `evaluate`, the API, the dashboard
 * and exports, since they all read what the run stored.
 */
export function predictiveVerdict(holdout: Pick<TargetMetrics, 'metric' | 'value' | 'baseline'>): PredictiveVerdict {
  const { metric, value, baseline } = holdout;
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
    return value > baseline
      ? { predictive: true }
      : {
          predictive: false,
          reason: `not predictive: hold-out macro-F1 ${value.toFixed(3)} does not beat the majority class (${baseline.toFixed(3)})`,
        };
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
