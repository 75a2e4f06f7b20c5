import { computeBehaviourFeatures } from '@/lib/ml/features/behaviourFeatures';
import { referenceTime } from '@/lib/ml/features/referenceTime';
import type { FeatureFunction } from '@/lib/ml/predict/churnLabels';
import type { PredictorFamily } from '@/lib/ml/predict/fitPredictor';
import type { GradientBoostingOptions } from '@/lib/ml/predict/gradientBoosting';
import { interactionSvdFeatures } from '@/lib/ml/predict/interactionSvdFeatures';
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
}

/**
 * The registry's targets that need only the events (churn, category propensity, predicted value,
 * custom goals: behaviour features of the events before each window's cut-off) and the item
 * factors of the attribute models: none of it needs the profiles or the segments, so it can start
 * as soon as the events are loaded.
 */
export async function fitEventModels(input: EventModelsInput): Promise<EventModels> {
  const { events, items, settings, seed, families, boosting } = input;
  const lastTs = Math.max(0, referenceTime(events.ts).ms);
  // The targets on one horizon ask for the same two matrices (every user on the window's history at
  // its cutoff, and every user now): each is computed once. No caller changes what it is given.
  const now = computeBehaviourFeatures(events, items, settings, lastTs);
  const featureFunction = cachedFeatureFunction(items, settings, { [`${lastTs} ${events.ts.length}`]: now.raw });
  // A window's history with its share columns in today's order: the most frequent categories and
  // event types before a cut-off are not always today's, and a model learns columns by position.
  const alignedFeatureFunction = cachedFeatureFunction(
    items,
    settings,
    { [`${lastTs} ${events.ts.length}`]: now.raw },
    { topTypes: now.model.topTypes, topCategories: now.model.topCategories },
  );
  const featureNames = now.names;
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
        alignedFeatureFunction,
        featureNames,
      });
    }
  }
  return { fitted, itemFactors: interactionSvdFeatures(input.interactions, { seed }) };
}

/** Behaviour features of the events given as of a time, each (time, events) computed once. */
function cachedFeatureFunction(
  items: ItemTable,
  settings: PipelineSettings,
  known: Record<string, DenseMatrix>,
  shareColumns?: { topTypes: string[]; topCategories: string[] },
): FeatureFunction {
  const computed = new Map(Object.entries(known));
  return (history, asOf) => {
    const key = `${asOf} ${history.ts.length}`;
    let matrix = computed.get(key);
    if (!matrix) {
      matrix = computeBehaviourFeatures(history, items, settings, asOf, { shareColumns }).raw;
      computed.set(key, matrix);
    }
    return matrix;
  };
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
  return runOnThread<EventModels>(new URL('./fitEventModelsThread.mjs', import.meta.url), input, {
    name: 'Churn and propensity',
    fallback: 'fitting them on the main thread',
    inline: () => fitEventModels(input),
    log,
  });
}
