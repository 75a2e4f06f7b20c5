/** Ranks 1..n with ties given their average rank. */
function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && values[order[end + 1]] === values[order[start]]) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]] = rank;
    start = end + 1;
  }
  return ranks;
}

/** Spearman's rank correlation (Pearson on average ranks); NaN when either side is constant. */
export function spearmanCorrelation(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  const x = averageRanks(predicted);
  const y = averageRanks(actual);
  const n = x.length;
  const mean = (n + 1) / 2;
  let xy = 0;
  let xx = 0;
  let yy = 0;
  for (let i = 0; i < n; i++) {
    xy += (x[i] - mean) * (y[i] - mean);
    xx += (x[i] - mean) ** 2;
    yy += (y[i] - mean) ** 2;
  }
  return xx === 0 || yy === 0 ? Number.NaN : xy / Math.sqrt(xx * yy);
}

/**
 * Gini of `actual` ordered by `predicted` (descending): the area between the cumulative share of
 * the actual total captured and the diagonal. Users tied on the prediction count at their group's
 * mean, the expected figure over every order of the tie, so a constant prediction scores 0.
 */
function gini(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  const n = actual.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => predicted[b] - predicted[a]);
  let total = 0;
  for (let i = 0; i < n; i++) total += actual[i];
  if (total === 0) return Number.NaN;
  let cumulative = 0;
  let area = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    let groupSum = actual[order[start]];
    while (end + 1 < n && predicted[order[end + 1]] === predicted[order[start]]) {
      end++;
      groupSum += actual[order[end]];
    }
    const each = groupSum / (end - start + 1);
    for (let k = start; k <= end; k++) {
      cumulative += each;
      area += cumulative / total;
    }
    start = end + 1;
  }
  return area / n - (n + 1) / (2 * n);
}

/**
 * Normalised Gini: the Gini of the ranking over the Gini of the perfect ranking. 1 orders users
 * exactly by what they went on to spend, 0 is no better than random, negative is upside down.
 */
export function normalisedGini(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  return gini(predicted, actual) / gini(actual, actual);
}
