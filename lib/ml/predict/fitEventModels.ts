import { computeBehaviourFeatures } from '@/lib/ml/features/behaviourFeatures';
import { referenceTime } from '@/lib/ml/features/referenceTime';
import type { PredictorFamily } from '@/lib/ml/predict/fitPredictor';
import type { GradientBoostingOptions } from '@/lib/ml/predict/gradientBoosting';
import { interactionSvdFeatures } from '@/lib/ml/predict/interactionSvdFeatures';
import { predictCategoryPropensity } from '@/lib/ml/predict/predictCategoryPropensity';
import { type ChurnPrediction, predictChurn } from '@/lib/ml/predict/predictChurn';
import { predictValue, type ValuePrediction } from '@/lib/ml/predict/predictValue';
import type { UserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import { runOnThread, type ThreadRun } from '@/lib/ml/runtime/runOnThread';
import type { DenseMatrix, EventTable, ItemTable, PipelineSettings } from '@/lib/ml/types';

export interface EventModelsInput {
  events: EventTable;
  items: ItemTable;
  settings: PipelineSettings;
  interactions: UserItemInteractions;
  seed: number;
  families: PredictorFamily[];
  boosting: GradientBoostingOptions;
}

/** What the prediction stage needs of the events alone, before any profile or segment exists. */
export interface EventModels {
  churn: Omit<ChurnPrediction, 'labels'>;
  propensity: Awaited<ReturnType<typeof predictCategoryPropensity>>;
  /** expected spend in the next settings.valueHorizonDays days */
  value: ValuePrediction;
  /** the interaction matrix's leading singular vectors per user, a block of the attribute models' features */
  itemFactors: DenseMatrix;
}

/**
 * The churn, category propensity and predicted value models (behaviour features of the events
 * before each window's cut-off) and the item factors of the attribute models: none of it needs the profiles or the
 * segments, so it can start as soon as the events are loaded.
 */
export async function fitEventModels(input: EventModelsInput): Promise<EventModels> {
  const { events, items, settings, seed, families, boosting } = input;
  const lastTs = Math.max(0, referenceTime(events.ts).ms);
  // Churn and propensity ask for the same two matrices (every user on the window's history at its
  // cutoff, and every user now): each is computed once. Neither caller changes what it is given.
  const computed = new Map<string, DenseMatrix>();
  const featureFunction = (history: EventTable, asOf: number) => {
    const key = `${asOf} ${history.ts.length}`;
    let matrix = computed.get(key);
    if (!matrix) {
      matrix = computeBehaviourFeatures(history, items, settings, asOf).raw;
      computed.set(key, matrix);
    }
    return matrix;
  };
  const now = computeBehaviourFeatures(events, items, settings, lastTs);
  computed.set(`${lastTs} ${events.ts.length}`, now.raw);
  const featureNames = now.names;
  const { labels: _labels, ...churn } = await predictChurn(events, settings, featureFunction, {
    featureNames,
    seed,
    boosting,
    families,
  });
  const propensity = await predictCategoryPropensity(events, items, settings, featureFunction, {
    featureNames,
    seed,
    boosting,
    families,
    topCategories: 5,
  });
  const value = await predictValue(events, settings, featureFunction, {
    horizonDays: settings.valueHorizonDays,
    seed,
    families,
    boosting,
  });
  return { churn, propensity, value, itemFactors: interactionSvdFeatures(input.interactions, { seed }) };
}

export type EventModelsInProgress = ThreadRun<EventModels>;

/**
 * fitEventModels on a thread of its own, beside the main thread's features, text, segments and
 * map stages and the recommender's thread. When the thread cannot start or fails, the same work
 * runs here instead.
 */
export function fitEventModelsInThread(
  input: EventModelsInput,
  log: (line: string) => void = () => {},
): EventModelsInProgress {
  // These models read no event text: the thread is not sent a copy of every review. The event
  // columns themselves are shared when they sit on SharedArrayBuffers (loadPipelineInput).
  const threadInput = { ...input, events: { ...input.events, text: [] } };
  return runOnThread<EventModels>(new URL('./fitEventModelsThread.mjs', import.meta.url), threadInput, {
    name: 'Churn and propensity',
    fallback: 'fitting them on the main thread',
    inline: () => fitEventModels(threadInput),
    log,
  });
}
