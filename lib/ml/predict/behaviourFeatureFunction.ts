import { computeBehaviourFeatures } from '@/lib/ml/features/behaviourFeatures';
import { referenceTime } from '@/lib/ml/features/referenceTime';
import type { FeatureFunction } from '@/lib/ml/predict/churnLabels';
import type { EventTable, ItemTable, PipelineSettings } from '@/lib/ml/types';

/**
 * Behaviour features of any history as of a time, for the targets learnt on a past window and
 * served on today's users: the share columns (categories, event types) are today's, in today's
 * order, since the most frequent before a cut-off are not always today's and a model learns its
 * columns by position. Each (time, events) is computed once; today's matrix is computed here.
 */
export function behaviourFeatureFunction(
  events: EventTable,
  items: ItemTable,
  settings: PipelineSettings,
): { featureFunction: FeatureFunction; featureNames: string[] } {
  const lastTs = Math.max(0, referenceTime(events.ts).ms);
  const now = computeBehaviourFeatures(events, items, settings, lastTs);
  const shareColumns = { topTypes: now.model.topTypes, topCategories: now.model.topCategories };
  const computed = new Map([[`${lastTs} ${events.ts.length}`, now.raw]]);
  const featureFunction: FeatureFunction = (history, asOf) => {
    const key = `${asOf} ${history.ts.length}`;
    let matrix = computed.get(key);
    if (!matrix) {
      matrix = computeBehaviourFeatures(history, items, settings, asOf, { shareColumns }).raw;
      computed.set(key, matrix);
    }
    return matrix;
  };
  return { featureFunction, featureNames: now.names };
}
