import { referenceTime } from '@/lib/ml/features/referenceTime';
import { buildCategoryPropensityLabels, type FeatureFunction } from '@/lib/ml/predict/churnLabels';
import { type TrainTargetInput, type TrainTargetResult, trainTarget } from '@/lib/ml/predict/trainTarget';
import type { EventTable, ItemTable, PipelineSettings } from '@/lib/ml/types';

export interface CategoryPropensity {
  category: string;
  result: TrainTargetResult;
  /** P(buys in this category within the horizon from now) per entry of events.userIds, or null when skipped */
  probability: Float64Array | null;
}

/**
 * Purchase propensity for each top category, on the churn window scheme: one binary target per
 * category, trained and reported by trainTarget, then every user scored as of the last event.
 */
export async function predictCategoryPropensity(
  events: EventTable,
  items: ItemTable,
  settings: Pick<PipelineSettings, 'purchaseTypes' | 'horizonDays'>,
  featureFunction: FeatureFunction,
  options: Pick<TrainTargetInput, 'seed' | 'families' | 'boosting' | 'minPerClass' | 'topFeatureCount'> & {
    horizonDays?: number;
    topCategories?: number;
    featureNames?: string[];
  } = {},
): Promise<{ status: 'skipped'; reason: string } | { status: 'ready'; categories: CategoryPropensity[] }> {
  const labels = buildCategoryPropensityLabels(events, items, settings, featureFunction, options);
  if (labels.status === 'skipped') return labels;
  const lastTs = referenceTime(events.ts).ms;
  const predictFeatures = featureFunction(events, lastTs);
  const featureNames = options.featureNames ?? Array.from({ length: labels.features.cols }, (_, c) => `feature ${c}`);
  const categories: CategoryPropensity[] = [];
  for (const category of labels.categories) {
    const result = await trainTarget({
      ...options,
      features: labels.features,
      labels: category.labels,
      kind: 'binary',
      featureNames,
      predictFeatures,
    });
    categories.push({
      category: category.name,
      result,
      probability: result.status === 'trained' ? result.predictions : null,
    });
  }
  return { status: 'ready', categories };
}
