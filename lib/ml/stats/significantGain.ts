/**
 * Whether gains measured case by case (a model's score minus its baseline's on the same users or
 * ratings) are above zero by more than chance: a paired z statistic, the mean gain over its
 * standard error, of at least 1.96. Without any spread, whether the mean is positive.
 */
export function significantGain(gains: ArrayLike<number>): boolean {
  const n = gains.length;
  if (n < 2) return false;
  let sum = 0;
  let sumSquares = 0;
  for (let index = 0; index < n; index++) {
    sum += gains[index];
    sumSquares += gains[index] * gains[index];
  }
  const mean = sum / n;
  const variance = Math.max(0, (sumSquares - n * mean * mean) / (n - 1));
  if (variance === 0) return mean > 0;
  return mean / Math.sqrt(variance / n) >= 1.96;
}

/** significantGain of `scores` over `baseline`, measured on the same cases in the same order */
export function significantlyAbove(scores: Float64Array, baseline: Float64Array): boolean {
  return significantGain(scores.map((score, index) => score - baseline[index]));
}
