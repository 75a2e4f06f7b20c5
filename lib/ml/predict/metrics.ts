/**
 * Evaluation metrics for predictions, on typed arrays. Binary labels are 0/1; class labels are
 * indexes 0..K−1.
 */

/**
 * Area under the ROC curve by the rank-sum (Mann–Whitney) formula, tied scores sharing their
 * average rank, so a constant score gets exactly 0.5. NaN when a class is missing.
 */
export function areaUnderRoc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let positiveRankSum = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && scores[order[end]] === scores[order[start]]) end++;
    const averageRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) {
      if (labels[order[k]] === 1) {
        positives++;
        positiveRankSum += averageRank;
      }
    }
    start = end;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Positive rate among the top `fraction` of rows by score, divided by the overall positive rate
 * (lift@10% by default). Rows tied at the cut count pro rata, so ties cannot flatter the model.
 */
export function liftAtTopFraction(scores: ArrayLike<number>, labels: ArrayLike<number>, fraction = 0.1): number {
  const n = scores.length;
  let totalPositives = 0;
  for (let i = 0; i < n; i++) totalPositives += labels[i] === 1 ? 1 : 0;
  if (n === 0 || totalPositives === 0) return Number.NaN;
  const slots = Math.max(1, Math.ceil(fraction * n));
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let taken = 0;
  let positivesTaken = 0;
  for (let start = 0; start < n && taken < slots; ) {
    let end = start + 1;
    while (end < n && scores[order[end]] === scores[order[start]]) end++;
    let groupPositives = 0;
    for (let k = start; k < end; k++) groupPositives += labels[order[k]] === 1 ? 1 : 0;
    const room = Math.min(end - start, slots - taken);
    positivesTaken += (groupPositives * room) / (end - start);
    taken += room;
    start = end;
  }
  return positivesTaken / slots / (totalPositives / n);
}

/** Mean squared difference between predicted probabilities and 0/1 outcomes. */
export function brierScore(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < probabilities.length; i++) sum += (probabilities[i] - labels[i]) ** 2;
  return sum / probabilities.length;
}

/**
 * Unweighted mean of per-class F1 = 2TP / (2TP + FP + FN) over the classes that occur in either
 * the truth or the predictions (as scikit-learn does).
 */
export function macroF1(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  const truePositives = new Map<number, number>();
  const falsePositives = new Map<number, number>();
  const falseNegatives = new Map<number, number>();
  const bump = (map: Map<number, number>, key: number) => map.set(key, (map.get(key) ?? 0) + 1);
  const classes = new Set<number>();
  for (let i = 0; i < actual.length; i++) {
    classes.add(actual[i]);
    classes.add(predicted[i]);
    if (predicted[i] === actual[i]) bump(truePositives, actual[i]);
    else {
      bump(falsePositives, predicted[i]);
      bump(falseNegatives, actual[i]);
    }
  }
  let sum = 0;
  for (const label of classes) {
    const tp = truePositives.get(label) ?? 0;
    sum += (2 * tp) / (2 * tp + (falsePositives.get(label) ?? 0) + (falseNegatives.get(label) ?? 0));
  }
  return classes.size > 0 ? sum / classes.size : Number.NaN;
}

export function accuracy(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  let correct = 0;
  for (let i = 0; i < actual.length; i++) if (predicted[i] === actual[i]) correct++;
  return correct / actual.length;
}

export function meanAbsoluteError(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += Math.abs(predicted[i] - actual[i]);
  return sum / actual.length;
}

/** Median (mean of the two middle values for an even count); the MAE-optimal constant. */
export function median(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  return n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/**
 * One-vs-rest AUC averaged over the classes that have both positive and negative rows, from
 * rows × classes scores (as a softmax returns them). NaN when no class qualifies.
 */
export function macroAuc(scores: Float64Array, labels: ArrayLike<number>, classes: number): number {
  const rows = labels.length;
  const column = new Float64Array(rows);
  const isClass = new Uint8Array(rows);
  let sum = 0;
  let counted = 0;
  for (let k = 0; k < classes; k++) {
    let positives = 0;
    for (let r = 0; r < rows; r++) {
      column[r] = scores[r * classes + k];
      isClass[r] = labels[r] === k ? 1 : 0;
      positives += isClass[r];
    }
    if (positives === 0 || positives === rows) continue;
    sum += areaUnderRoc(column, isClass);
    counted++;
  }
  return counted > 0 ? sum / counted : Number.NaN;
}
