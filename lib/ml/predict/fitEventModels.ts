import { behaviourFeatureFunction } from '@/lib/ml/predict/behaviourFeatureFunction';
import type { PredictorFamily } from '@/lib/ml/predict/fitPredictor';
import type { GradientBoostingOptions } from '@/lib/ml/predict/gradientBoosting';
import { interactionSvd } from '@/lib/ml/predict/interactionSvdFeatures';
import { targetRegistry } from '@/lib/ml/predict/targetRegistry';
import type { TargetKey } from '@/lib/ml/predict/targets/targetDefinition';
import type { StoredGoal } from '@/lib/ml/predict/targets/targetQuality';
import { targetTrainings } from '@/lib/ml/predict/targetTrainings';
import type { UserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import { runOnThread, type ThreadRun } from '@/lib/ml/runtime/runOnThread';
import type { DenseMatrix, EventTable, ItemTable, PipelineSettings } from '@/lib/ml/types';

export interface EventModelsInput {
  events: EventTable;
  items: ItemTable;
  settings: PipelineSettings;
  interactions: UserItemInteractions;
  /** the dataset's custom goals, trained as goal:<id> */
  goals: StoredGoal[];
  seed: number;
  families: PredictorFamily[];
  boosting: GradientBoostingOptions;
}

/** What the prediction stage needs of the events alone, before any profile or segment exists. */
export interface EventModels {
  /** what each registry target with an events-only part fitted (targetTrainings[key].fitOnEvents) */
  fitted: Partial<Record<TargetKey, unknown>>;
  /** the interaction matrix's leading singular vectors per user, a block of the attribute models' features */
  itemFactors: DenseMatrix;
  /** the same factorisation's item side (items × factors), which gives a user outside the fit their item factors */
  itemSide: DenseMatrix;
}

/**
 * The registry's targets that need only the events (churn, category propensity, predicted value,
 * custom goals: behaviour features of the events before each window's cut-off) and the item
 * factors of the attribute models: none of it needs the profiles or the segments, so it can start
 * as soon as the events are loaded.
 */
export async function fitEventModels(input: EventModelsInput): Promise<EventModels> {
  const { events, items, settings, seed, families, boosting } = input;
  const { featureFunction, featureNames } = behaviourFeatureFunction(events, items, settings);
  const fitted: EventModels['fitted'] = {};
  for (const { key } of targetRegistry) {
    const fitOnEvents = targetTrainings[key].fitOnEvents;
    if (fitOnEvents) {
      fitted[key] = await fitOnEvents({
        events,
        items,
        settings,
        goals: input.goals,
        seed,
        families,
        boosting,
        featureFunction,
        featureNames,
      });
    }
  }
  const { userFeatures, itemSide } = interactionSvd(input.interactions, { seed });
  return { fitted, itemFactors: userFeatures, itemSide };
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
