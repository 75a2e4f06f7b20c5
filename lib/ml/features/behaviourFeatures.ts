import { activityFeatures } from '@/lib/ml/features/activityFeatures';
import { categoryShareFeatures, indexTopCategories } from '@/lib/ml/features/categoryAffinity';
import { eventTypeShareFeatures, indexTopEventTypes } from '@/lib/ml/features/eventTypeMix';
import type { ColumnChoice, FeatureColumn, FeatureDescription } from '@/lib/ml/features/featureColumn';
import { type HabitPrior, habitFeatures } from '@/lib/ml/features/habitFeatures';
import { priceLevelFeature } from '@/lib/ml/features/priceLevelFeature';
import { purchaseFeatures } from '@/lib/ml/features/purchaseFeatures';
import { isRatingEventType, ratingFeatures } from '@/lib/ml/features/ratingFeatures';
import { type ColumnStandardisation, standardiseFeatureColumns } from '@/lib/ml/features/standardiseFeatureColumns';
import { type EventCounting, type UserEventTotals, userEventTotals } from '@/lib/ml/features/userEventTotals';
import type { DenseMatrix, EventTable, ItemTable, PipelineSettings } from '@/lib/ml/types';

export interface BehaviourFeatures {
  /** users x features, transformed and standardised (z-scores; constant columns are 0) */
  matrix: DenseMatrix;
  /** users x features in readable units; NaN where a value does not apply (mean order value of a non-buyer) */
  raw: DenseMatrix;
  names: string[];
  describe: FeatureDescription[];
  /** what it takes to compute the same standardised columns for other users later */
  model: BehaviourFeatureModel;
}

/**
 * The column choices and standardisation fitted on a run's population, so a user's features can
 * be recomputed later on the same scale (incremental assignment to a trained run).
 */
export interface BehaviourFeatureModel extends ColumnStandardisation {
  names: string[];
  /** event types with a share column, in column order (empty when there is none) */
  topTypes: string[];
  topCategories: string[];
  /**
   * Per habit-share column (time of day, weekend), the population prior its users' shares were
   * shrunk toward; absent in runs fitted before shrinkage, whose shares are used as observed.
   */
  shrinkage?: Record<string, HabitPrior>;
}

export interface BehaviourFeatureOptions {
  /** most frequent event types given a share feature (default 8) */
  topEventTypes?: number;
  /** most frequent categories given an affinity feature (default 12) */
  topCategories?: number;
  /** hour-of-day and weekday are read in this offset from UTC (default 0) */
  utcOffsetMinutes?: number;
  /** compute the columns of this fitted model, standardised with its statistics, instead of fitting new ones */
  model?: BehaviourFeatureModel;
  /**
   * the event types and categories that get share columns, in this order, instead of the most
   * frequent ones of `events`: features of a past window line up with those of today
   */
  shareColumns?: Pick<BehaviourFeatureModel, 'topTypes' | 'topCategories'>;
}

/** How a run counts events into totals: its share columns, purchase and rating types, its clock. */
export interface BehaviourCounting {
  topTypeNames: string[];
  topCategoryNames: string[];
  counting: EventCounting;
}

/** The counting of `computeBehaviourFeatures` for these events (the model's columns when given). */
export function behaviourCounting(
  events: EventTable,
  items: ItemTable,
  settings: PipelineSettings,
  options: BehaviourFeatureOptions = {},
): BehaviourCounting {
  const fixedShares = options.model ?? options.shareColumns;
  const { topTypeNames, typeColumn } = indexTopEventTypes(events, options.topEventTypes ?? 8, fixedShares?.topTypes);
  const { topCategoryNames, itemCategoryStart, itemCategoryColumns } = indexTopCategories(
    events,
    items,
    options.topCategories ?? 12,
    fixedShares?.topCategories,
  );
  const purchaseTypes = new Set(settings.purchaseTypes.map((t) => t.toLowerCase()));
  return {
    topTypeNames,
    topCategoryNames,
    counting: {
      typeColumn,
      typeCount: topTypeNames.length,
      isPurchaseType: Uint8Array.from(events.types, (t) => (purchaseTypes.has(t.toLowerCase()) ? 1 : 0)),
      isRatingType: Uint8Array.from(events.types, (t) => (isRatingEventType(t) ? 1 : 0)),
      itemCategoryStart,
      itemCategoryColumns,
      categoryCount: topCategoryNames.length,
      offsetMs: (options.utcOffsetMinutes ?? 0) * 60_000,
    },
  };
}

/**
 * Readable behaviour features per user: recency, frequency and monetary value of purchases,
 * activity volume and rhythm, event-type mix, category affinity, price level, time-of-day and
 * weekend habits, rating habits. Features whose source is absent from the dataset (no purchases,
 * no prices, no categories, no ratings) are left out rather than filled with a constant.
 * Skewed counts and amounts are log1p-scaled, missing values take the population median, and every
 * column is standardised so no unit dominates the distances.
 */
export function computeBehaviourFeatures(
  events: EventTable,
  items: ItemTable,
  settings: PipelineSettings,
  asOf: number,
  options: BehaviourFeatureOptions = {},
): BehaviourFeatures {
  const { topTypeNames, topCategoryNames, counting } = behaviourCounting(events, items, settings, options);
  const totals = userEventTotals(events, items, counting);
  return behaviourFeaturesFromTotals(totals, topTypeNames, topCategoryNames, asOf, options.model);
}

/**
 * The behaviour features of users from their event totals (all their events, counted with the
 * share columns given): what `computeBehaviourFeatures` computes after its pass over the events,
 * so totals kept up to date event by event give the same features as a pass over all of them.
 */
export function behaviourFeaturesFromTotals(
  totals: UserEventTotals,
  topTypeNames: string[],
  topCategoryNames: string[],
  asOf: number,
  model?: BehaviourFeatureModel,
): BehaviourFeatures {
  const users = totals.total.length;
  const modelNames = new Set(model?.names ?? []);
  const wanted: ColumnChoice = (name, supported) => (model ? modelNames.has(name) : supported);

  const habits = habitFeatures(totals, model ? (model.shrinkage ?? {}) : undefined, wanted);
  const columns: FeatureColumn[] = [
    ...purchaseFeatures(totals, asOf, wanted),
    ...activityFeatures(totals),
    ...eventTypeShareFeatures(topTypeNames, totals),
    ...categoryShareFeatures(topCategoryNames, totals),
    ...priceLevelFeature(totals, wanted),
    ...habits.columns,
    ...ratingFeatures(totals, wanted),
  ];
  const names = columns.map((c) => c.description.name);
  if (model && names.join('\n') !== model.names.join('\n')) {
    throw new Error('the fitted behaviour-feature model does not match the columns computed');
  }
  const { raw, matrix, standardisation } = standardiseFeatureColumns(columns, users, model);

  return {
    matrix: { rows: users, cols: columns.length, data: matrix },
    raw: { rows: users, cols: columns.length, data: raw },
    names,
    describe: columns.map((c) => c.description),
    model: {
      names,
      topTypes: topTypeNames.length > 1 ? topTypeNames : [],
      topCategories: topCategoryNames,
      fill: standardisation.fill,
      mean: standardisation.mean,
      scale: standardisation.scale,
      ...(Object.keys(habits.shrinkage).length > 0 ? { shrinkage: habits.shrinkage } : {}),
    },
  };
}
