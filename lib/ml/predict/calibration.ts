/** One band of predicted probabilities on hold-out rows: what the model said and what happened. */
export interface CalibrationBin {
  from: number;
  to: number;
  /** held-out rows whose probability fell in [from, to) */
  count: number;
  meanPredicted: number;
  /** share of those rows whose label was 1 */
  observedRate: number;
}

/**
 * Reliability table: held-out probabilities in `bins` equal bands (empty bands left out). A
 * calibrated model's observed rate matches its mean prediction in every band.
 */
export function calibrationBins(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  bins = 10,
): CalibrationBin[] {
  const counts = new Float64Array(bins);
  const predicted = new Float64Array(bins);
  const positives = new Float64Array(bins);
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i];
    if (!Number.isFinite(p)) continue;
    const bin = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    counts[bin]++;
    predicted[bin] += p;
    positives[bin] += labels[i] === 1 ? 1 : 0;
  }
  const table: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    if (counts[b] === 0) continue;
    table.push({
      from: b / bins,
      to: (b + 1) / bins,
      count: counts[b],
      meanPredicted: predicted[b] / counts[b],
      observedRate: positives[b] / counts[b],
    });
  }
  return table;
}

/** Mean gap between predicted and observed rates over the bands, weighted by rows (expected calibration error). */
export function calibrationError(table: readonly CalibrationBin[]): number {
  const total = table.reduce((sum, bin) => sum + bin.count, 0);
  if (total === 0) return Number.NaN;
  return table.reduce((sum, bin) => sum + (bin.count / total) * Math.abs(bin.meanPredicted - bin.observedRate), 0);
}

/**
 * Points of the ROC curve ([false positive rate, true positive rate]) from the highest score
 * down, thinned to about `maxPoints`; tied scores move as one step. Empty when a class is missing.
 */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<number>, maxPoints = 41): [number, number][] {
  const n = scores.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i] === 1 ? 1 : 0;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return [];
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const points: [number, number][] = [[0, 0]];
  let truePositives = 0;
  let falsePositives = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && scores[order[end]] === scores[order[start]]) end++;
    for (let k = start; k < end; k++) {
      if (labels[order[k]] === 1) truePositives++;
      else falsePositives++;
    }
    points.push([falsePositives / negatives, truePositives / positives]);
    start = end;
  }
  if (points.length <= maxPoints) return points;
  const step = (points.length - 1) / (maxPoints - 1);
  return Array.from({ length: maxPoints }, (_, i) => points[Math.round(i * step)]);
}
