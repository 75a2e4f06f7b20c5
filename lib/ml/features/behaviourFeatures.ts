import { dayMs, userEventTotals } from '@/lib/ml/features/userEventTotals';
import type { DenseMatrix, EventTable, ItemTable, PipelineSettings } from '@/lib/ml/types';

/** What a behaviour feature means, so personas can put a segment's value into words. */
export interface FeatureDescription {
  /** stable key, e.g. "monetary_mean" */
  name: string;
  /** human label, e.g. "Spend per order" */
  label: string;
  unit: 'days' | 'count' | 'money' | 'share' | 'per day' | 'rating';
  group: 'purchases' | 'activity' | 'event types' | 'categories' | 'price' | 'time of day' | 'ratings';
  /** applied before standardising (the raw matrix holds untransformed values) */
  transform: 'log1p' | 'none';
  /** how a segment compares with the population in words: x-times the median, a share, or a difference */
  comparison: 'ratio' | 'share' | 'difference';
  /**
   * Sentence with {segment}, {population} and {ratio} placeholders, e.g.
   * "spends {ratio} the median per order ({segment} vs {population})".
   */
  sentence: string;
  /** adjective for a segment far above / below the population, for persona names */
  highWord: string | null;
  lowWord: string | null;
  /** set on category-affinity features */
  category?: string;
  /** set on event-type share features */
  eventType?: string;
}

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
export interface BehaviourFeatureModel {
  names: string[];
  /** event types with a share column, in column order (empty when there is none) */
  topTypes: string[];
  topCategories: string[];
  /** per column: the value a missing one takes (the population median), before the transform */
  fill: number[];
  mean: number[];
  /** 1 / standard deviation; 0 for a column that did not vary */
  scale: number[];
  /**
   * Per habit-share column (time of day, weekend), the population prior its users' shares were
   * shrunk toward; absent in runs fitted before shrinkage, whose shares are used as observed.
   */
  shrinkage?: Record<string, HabitPrior>;
}

/** A Beta prior for a per-user share: mean `share`, worth `strength` pseudo-events. */
export interface HabitPrior {
  share: number;
  strength: number;
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
}

const ratingTypes = /^(rate|rating|rated|stars?)$/i;

const typeWords: Record<string, string> = {
  view: 'Browsing',
  click: 'Clicking',
  search: 'Searching',
  cart: 'Cart-filling',
  add_to_cart: 'Cart-filling',
  wishlist: 'Wishlisting',
  purchase: 'Buying',
  order: 'Buying',
  buy: 'Buying',
  rate: 'Rating',
  review: 'Reviewing',
  return: 'Returning',
  share: 'Sharing',
  like: 'Liking',
};

const dayParts = [
  { name: 'night', label: 'at night (0-6h)', highWord: 'Night-owl' },
  { name: 'morning', label: 'in the morning (6-12h)', highWord: 'Early-bird' },
  { name: 'afternoon', label: 'in the afternoon (12-18h)', highWord: 'Afternoon' },
  { name: 'evening', label: 'in the evening (18-24h)', highWord: 'Evening' },
] as const;

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
  const users = events.userIds.length;
  const offsetMs = (options.utcOffsetMinutes ?? 0) * 60_000;
  const purchaseTypes = new Set(settings.purchaseTypes.map((t) => t.toLowerCase()));
  const isPurchaseType = Uint8Array.from(events.types, (t) => (purchaseTypes.has(t.toLowerCase()) ? 1 : 0));
  const isRatingType = Uint8Array.from(events.types, (t) => (ratingTypes.test(t) ? 1 : 0));

  const { model } = options;
  const modelNames = new Set(model?.names ?? []);
  /** with a fitted model, exactly its columns; otherwise the columns the data supports */
  const wanted = (name: string, supported: boolean) => (model ? modelNames.has(name) : supported);

  // With one event type its share is 1 for everyone: no event-type mix columns at all.
  const topTypeNames = model
    ? model.topTypes
    : events.types.length < 2
      ? []
      : mostFrequent(events.type, events.types.length, options.topEventTypes ?? 8).map((type) => events.types[type]);
  const typeColumn = new Int32Array(events.types.length).fill(-1);
  topTypeNames.forEach((name, column) => {
    const type = events.types.indexOf(name);
    if (type >= 0) typeColumn[type] = column;
  });
  const { topCategoryNames, itemCategoryStart, itemCategoryColumns } = indexTopCategories(
    events,
    items,
    options.topCategories ?? 12,
    model?.topCategories,
  );
  const categoryCount = topCategoryNames.length;
  const typeCount = topTypeNames.length;

  const {
    total,
    purchases,
    spend,
    pricedPurchases,
    lastPurchase,
    first,
    last,
    activeDays,
    typeCounts,
    itemEvents,
    categoryCounts,
    priceSum,
    pricedEvents,
    dayPartCounts,
    weekendEvents,
    ratingSum,
    ratings,
  } = userEventTotals(events, items, {
    typeColumn,
    typeCount,
    isPurchaseType,
    isRatingType,
    itemCategoryStart,
    itemCategoryColumns,
    categoryCount,
    offsetMs,
  });

  /** spreadFrom: values whose standard deviation scales the column, when not its own */
  const columns: { description: FeatureDescription; values: Float64Array; spreadFrom?: Float64Array }[] = [];
  const add = (description: FeatureDescription, values: Float64Array, spreadFrom?: Float64Array) =>
    columns.push({ description, values, spreadFrom });
  const perUser = (fn: (u: number) => number) => {
    const values = new Float64Array(users);
    for (let u = 0; u < users; u++) values[u] = fn(u);
    return values;
  };
  const ratio = (numerator: Float64Array, denominator: Float64Array, stride = 1, column = 0) =>
    perUser((u) => (denominator[u] > 0 ? numerator[u * stride + column] / denominator[u] : 0));

  const anyPurchase = purchases.some((count) => count > 0);
  if (wanted('recency_days', anyPurchase)) {
    add(
      {
        name: 'recency_days',
        label: 'Days since last purchase',
        unit: 'days',
        group: 'purchases',
        transform: 'log1p',
        comparison: 'difference',
        sentence: 'last purchased {segment} ago, vs {population} for the median buyer',
        highWord: 'Lapsed',
        lowWord: 'Recent',
      },
      perUser((u) => (purchases[u] > 0 ? Math.max(0, asOf - lastPurchase[u]) / dayMs : Number.NaN)),
    );
    add(
      {
        name: 'purchase_count',
        label: 'Purchases',
        unit: 'count',
        group: 'purchases',
        transform: 'log1p',
        comparison: 'ratio',
        sentence: 'makes {ratio} the median number of purchases ({segment} vs {population})',
        highWord: 'Frequent',
        lowWord: 'Occasional',
      },
      purchases,
    );
    if (
      wanted(
        'monetary_total',
        pricedPurchases.some((count) => count > 0),
      )
    ) {
      add(
        {
          name: 'monetary_total',
          label: 'Total spend',
          unit: 'money',
          group: 'purchases',
          transform: 'log1p',
          comparison: 'ratio',
          sentence: 'spends {ratio} the median in total ({segment} vs {population})',
          highWord: 'Big-spending',
          lowWord: 'Low-spending',
        },
        spend,
      );
      add(
        {
          name: 'monetary_mean',
          label: 'Spend per order',
          unit: 'money',
          group: 'purchases',
          transform: 'log1p',
          comparison: 'ratio',
          sentence: 'spends {ratio} the median per order ({segment} vs {population})',
          highWord: 'Premium',
          lowWord: 'Bargain',
        },
        perUser((u) => (pricedPurchases[u] > 0 ? spend[u] / pricedPurchases[u] : Number.NaN)),
      );
    }
  }

  add(
    {
      name: 'event_count',
      label: 'Events',
      unit: 'count',
      group: 'activity',
      transform: 'log1p',
      comparison: 'ratio',
      sentence: 'logs {ratio} the median number of events ({segment} vs {population})',
      highWord: 'Highly active',
      lowWord: 'Light',
    },
    total,
  );
  add(
    {
      name: 'active_days',
      label: 'Active days',
      unit: 'count',
      group: 'activity',
      transform: 'log1p',
      comparison: 'ratio',
      sentence: 'is active on {ratio} as many days as the median user ({segment} vs {population})',
      highWord: 'Regular',
      lowWord: 'One-visit',
    },
    activeDays,
  );
  add(
    {
      name: 'active_span_days',
      label: 'Days from first to last event',
      unit: 'days',
      group: 'activity',
      transform: 'log1p',
      comparison: 'difference',
      sentence: 'has been active over {segment}, vs {population} for the median user',
      highWord: 'Long-standing',
      lowWord: 'New',
    },
    perUser((u) => (total[u] > 0 ? (last[u] - first[u]) / dayMs : 0)),
  );
  add(
    {
      name: 'events_per_active_day',
      label: 'Events per active day',
      unit: 'per day',
      group: 'activity',
      transform: 'log1p',
      comparison: 'ratio',
      sentence: 'does {ratio} the median events per active day ({segment} vs {population})',
      highWord: 'Binge',
      lowWord: 'Casual',
    },
    ratio(total, activeDays),
  );

  const typeShares = typeCount > 1;
  if (typeShares) {
    topTypeNames.forEach((typeName, column) => {
      add(
        {
          name: `type_share_${typeName}`,
          label: `Share of events that are ${typeName}`,
          unit: 'share',
          group: 'event types',
          transform: 'none',
          comparison: 'share',
          sentence: `{segment} of events are ${typeName}, vs {population} overall`,
          highWord: typeWords[typeName.toLowerCase()] ?? `${capitalise(typeName)}-heavy`,
          lowWord: null,
          eventType: typeName,
        },
        ratio(typeCounts, total, typeCount, column),
      );
    });
  }

  topCategoryNames.forEach((category, column) => {
    add(
      {
        name: `category_share_${category}`,
        label: `Share of item activity in ${category}`,
        unit: 'share',
        group: 'categories',
        transform: 'none',
        comparison: 'share',
        sentence: `{segment} of item activity in ${category}, vs {population} overall`,
        highWord: null,
        lowWord: null,
        category,
      },
      ratio(categoryCounts, itemEvents, categoryCount, column),
    );
  });

  if (
    wanted(
      'price_level',
      pricedEvents.some((count) => count > 0),
    )
  ) {
    add(
      {
        name: 'price_level',
        label: 'Mean price of items interacted with',
        unit: 'money',
        group: 'price',
        transform: 'log1p',
        comparison: 'ratio',
        sentence: 'looks at items priced {ratio} the median ({segment} vs {population})',
        highWord: 'Premium',
        lowWord: 'Budget',
      },
      perUser((u) => (pricedEvents[u] > 0 ? priceSum[u] / pricedEvents[u] : Number.NaN)),
    );
  }

  // Habits of users with few events are shrunk toward the population (empirical Bayes), so one
  // event at 3 a.m. does not make a night owl, and scaled by the spread of the observed shares,
  // so a column that is mostly noise weighs little in the segmentation.
  const shrinkage: Record<string, HabitPrior> = {};
  const habit = (name: string, counts: Float64Array, stride: number, column: number) => {
    const observed = ratio(counts, total, stride, column);
    const prior = model ? model.shrinkage?.[name] : estimateHabitPrior(counts, stride, column, total);
    if (!prior) return { values: observed };
    shrinkage[name] = prior;
    const values = perUser(
      (u) => (counts[u * stride + column] + prior.strength * prior.share) / (total[u] + prior.strength),
    );
    return { values, spreadFrom: observed };
  };
  dayParts.forEach((part, column) => {
    const name = `time_share_${part.name}`;
    const { values, spreadFrom } = habit(name, dayPartCounts, 4, column);
    add(
      {
        name,
        label: `Share of activity ${part.label}`,
        unit: 'share',
        group: 'time of day',
        transform: 'none',
        comparison: 'share',
        sentence: `{segment} of activity ${part.label}, vs {population} overall`,
        highWord: part.highWord,
        lowWord: null,
      },
      values,
      spreadFrom,
    );
  });
  const weekend = habit('weekend_share', weekendEvents, 1, 0);
  add(
    {
      name: 'weekend_share',
      label: 'Share of activity on weekends',
      unit: 'share',
      group: 'time of day',
      transform: 'none',
      comparison: 'share',
      sentence: '{segment} of activity on weekends, vs {population} overall',
      highWord: 'Weekend',
      lowWord: 'Weekday',
    },
    weekend.values,
    weekend.spreadFrom,
  );

  if (
    wanted(
      'rating_mean',
      ratings.some((count) => count > 0),
    )
  ) {
    add(
      {
        name: 'rating_mean',
        label: 'Mean rating given',
        unit: 'rating',
        group: 'ratings',
        transform: 'none',
        comparison: 'difference',
        sentence: 'rates {segment} on average, vs {population} overall',
        highWord: 'Enthusiastic',
        lowWord: 'Critical',
      },
      perUser((u) => (ratings[u] > 0 ? ratingSum[u] / ratings[u] : Number.NaN)),
    );
    add(
      {
        name: 'rating_count',
        label: 'Ratings given',
        unit: 'count',
        group: 'ratings',
        transform: 'log1p',
        comparison: 'ratio',
        sentence: 'gives {ratio} the median number of ratings ({segment} vs {population})',
        highWord: 'Rating',
        lowWord: null,
      },
      ratings,
    );
  }

  const width = columns.length;
  const names = columns.map((c) => c.description.name);
  if (model && names.join('\n') !== model.names.join('\n')) {
    throw new Error('the fitted behaviour-feature model does not match the columns computed');
  }
  const fill: number[] = [];
  const mean: number[] = [];
  const scale: number[] = [];
  const rawColumns = columns.map((c) => c.values);
  const standardised = columns.map(({ description, values, spreadFrom }, column) => {
    fill.push(model ? model.fill[column] : hasNaN(values) ? median(values) : 0);
    const transformed = new Float64Array(users);
    const logScaled = description.transform === 'log1p';
    for (let u = 0; u < users; u++) {
      const value = Number.isNaN(values[u]) ? fill[column] : values[u];
      transformed[u] = logScaled ? Math.log1p(Math.max(0, value)) : value;
    }
    const statistics = model
      ? { mean: model.mean[column], scale: model.scale[column] }
      : { mean: standardisation(transformed).mean, scale: standardisation(spreadFrom ?? transformed).scale };
    mean.push(statistics.mean);
    scale.push(statistics.scale);
    for (let u = 0; u < users; u++) transformed[u] = (transformed[u] - statistics.mean) * statistics.scale;
    return transformed;
  });
  // Columns are built contiguous; one row-major pass then writes both matrices sequentially.
  const raw = new Float32Array(users * width);
  const matrix = new Float32Array(users * width);
  for (let u = 0; u < users; u++) {
    const offset = u * width;
    for (let column = 0; column < width; column++) {
      raw[offset + column] = rawColumns[column][u];
      matrix[offset + column] = standardised[column][u];
    }
  }

  return {
    matrix: { rows: users, cols: width, data: matrix },
    raw: { rows: users, cols: width, data: raw },
    names,
    describe: columns.map((c) => c.description),
    model: {
      names,
      topTypes: typeShares ? topTypeNames : [],
      topCategories: topCategoryNames,
      fill,
      mean,
      scale,
      ...(Object.keys(shrinkage).length > 0 ? { shrinkage } : {}),
    },
  };
}

/**
 * The Beta prior of a per-user share by the method of moments: the spread of observed shares
 * beyond what binomial noise around the pooled share explains is the real between-user spread,
 * and its size sets how many pseudo-events the prior is worth (2 to 1000: no fewer than two, so a lone event never decides a habit; 1000 when the shares
 * differ no more than noise would make them).
 */
export function estimateHabitPrior(
  counts: Float64Array,
  stride: number,
  column: number,
  totals: Float64Array,
): HabitPrior {
  let hits = 0;
  let events = 0;
  for (let u = 0; u < totals.length; u++) {
    hits += counts[u * stride + column];
    events += totals[u];
  }
  const share = events > 0 ? hits / events : 0;
  const noise = share * (1 - share);
  let observedSpread = 0;
  let expectedNoise = 0;
  let users = 0;
  for (let u = 0; u < totals.length; u++) {
    if (totals[u] === 0) continue;
    users++;
    observedSpread += (counts[u * stride + column] / totals[u] - share) ** 2;
    expectedNoise += noise / totals[u];
  }
  const between = users > 0 ? (observedSpread - expectedNoise) / users : 0;
  const strength = between > 1e-12 && noise > 0 ? Math.min(1000, Math.max(2, noise / between - 1)) : 1000;
  return { share, strength };
}

function standardisation(values: Float64Array): { mean: number; scale: number } {
  const n = values.length;
  let mean = 0;
  for (let u = 0; u < n; u++) mean += values[u];
  mean /= n;
  let variance = 0;
  for (let u = 0; u < n; u++) variance += (values[u] - mean) ** 2;
  const sd = Math.sqrt(variance / n);
  // A column that does not vary carries no information; zero keeps it out of every distance.
  return { mean, scale: sd > 1e-12 * Math.max(1, Math.abs(mean)) ? 1 / sd : 0 };
}

function hasNaN(values: Float64Array): boolean {
  for (let u = 0; u < values.length; u++) if (Number.isNaN(values[u])) return true;
  return false;
}

/** Median of the non-NaN values; 0 when there are none. */
function median(values: Float64Array): number {
  let count = 0;
  for (let u = 0; u < values.length; u++) if (!Number.isNaN(values[u])) count++;
  const present = new Float64Array(count);
  count = 0;
  for (let u = 0; u < values.length; u++) if (!Number.isNaN(values[u])) present[count++] = values[u];
  present.sort();
  if (present.length === 0) return 0;
  const middle = present.length >> 1;
  return present.length % 2 ? present[middle] : (present[middle - 1] + present[middle]) / 2;
}

function mostFrequent(codes: Int32Array, codeCount: number, limit: number): number[] {
  const counts = new Float64Array(codeCount);
  for (let i = 0; i < codes.length; i++) counts[codes[i]]++;
  return Array.from({ length: codeCount }, (_, code) => code)
    .filter((code) => counts[code] > 0)
    .sort((a, b) => counts[b] - counts[a] || a - b)
    .slice(0, limit);
}

/**
 * The most interacted-with categories (or the given ones, from a fitted model), and for each item
 * the columns of its top categories (CSR).
 */
function indexTopCategories(events: EventTable, items: ItemTable, limit: number, given?: string[]) {
  const topCategoryNames = given ?? mostInteractedCategories(events, items, limit);
  const columnOf = new Map(topCategoryNames.map((name, column) => [name, column]));
  const itemCategoryStart = new Int32Array(events.itemIds.length + 1);
  const collected: number[] = [];
  for (let item = 0; item < events.itemIds.length; item++) {
    itemCategoryStart[item] = collected.length;
    for (const category of new Set(items.categories[item] ?? [])) {
      const column = columnOf.get(category);
      if (column !== undefined) collected.push(column);
    }
  }
  itemCategoryStart[events.itemIds.length] = collected.length;
  return { topCategoryNames, itemCategoryStart, itemCategoryColumns: Int32Array.from(collected) };
}

function mostInteractedCategories(events: EventTable, items: ItemTable, limit: number): string[] {
  const itemEventCounts = new Float64Array(events.itemIds.length);
  for (let e = 0; e < events.item.length; e++) if (events.item[e] >= 0) itemEventCounts[events.item[e]]++;
  const categoryEvents = new Map<string, number>();
  for (let item = 0; item < events.itemIds.length; item++) {
    if (itemEventCounts[item] === 0) continue;
    for (const category of new Set(items.categories[item] ?? [])) {
      categoryEvents.set(category, (categoryEvents.get(category) ?? 0) + itemEventCounts[item]);
    }
  }
  return [...categoryEvents.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([name]) => name);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
