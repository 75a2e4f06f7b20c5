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

/** One behaviour feature before standardisation: what it means and its per-user values. */
export interface FeatureColumn {
  description: FeatureDescription;
  /** per user, in readable units; NaN where the value does not apply */
  values: Float64Array;
  /** values whose standard deviation scales the column, when not its own */
  spreadFrom?: Float64Array;
}

/**
 * Whether to compute a column: with a fitted model, exactly its columns; otherwise the columns
 * the data supports.
 */
export type ColumnChoice = (name: string, supported: boolean) => boolean;

export function perUser(users: number, valueFor: (u: number) => number): Float64Array {
  const values = new Float64Array(users);
  for (let u = 0; u < users; u++) values[u] = valueFor(u);
  return values;
}

/**
 * Per user, a numerator column (of a row-major users x stride block) over a denominator; 0 where
 * the denominator is 0.
 */
export function perUserRatio(numerator: Float64Array, denominator: Float64Array, stride = 1, column = 0): Float64Array {
  return perUser(denominator.length, (u) => (denominator[u] > 0 ? numerator[u * stride + column] / denominator[u] : 0));
}
