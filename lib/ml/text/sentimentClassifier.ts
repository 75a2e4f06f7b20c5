import type { SentimentFeatures } from './englishSentimentFeatures';

/** A logistic regression over dense lexicon features plus hashed n-gram buckets. */
export interface SentimentClassifier {
  bias: number;
  dense: Float64Array;
  /** one weight per hash bucket */
  sparse: Float64Array;
}

export interface TrainSentimentOptions {
  /** L2 penalty per sample, as in scikit-learn's 1 / (C * n) with C = 1 */
  l2?: number;
  iterations?: number;
  learningRate?: number;
}

export function sentimentLogit(classifier: SentimentClassifier, features: SentimentFeatures): number {
  let z = classifier.bias;
  for (let i = 0; i < features.dense.length; i++) z += classifier.dense[i] * features.dense[i];
  for (let i = 0; i < features.indices.length; i++) z += classifier.sparse[features.indices[i]] * features.values[i];
  return z;
}

/** Sentiment in [-1, 1]: 2 * P(positive) - 1, so 0 is the decision threshold. */
export function sentimentScore(classifier: SentimentClassifier, features: SentimentFeatures): number {
  return 2 / (1 + Math.exp(-sentimentLogit(classifier, features))) - 1;
}

/**
 * Full-batch Adam on the L2-penalised mean log loss. Deterministic: no sampling, weights
 * start at zero, so the same data always gives the same weights.
 */
export function trainSentimentClassifier(
  rows: SentimentFeatures[],
  labels: ArrayLike<number>,
  buckets: number,
  options: TrainSentimentOptions = {},
): SentimentClassifier {
  const n = rows.length;
  const l2 = options.l2 ?? 1 / n;
  const iterations = options.iterations ?? 400;
  const learningRate = options.learningRate ?? 0.05;
  const denseCount = rows[0]?.dense.length ?? 0;
  const size = 1 + denseCount + buckets;
  const weights = new Float64Array(size);
  const gradient = new Float64Array(size);
  const firstMoment = new Float64Array(size);
  const secondMoment = new Float64Array(size);
  const beta1 = 0.9;
  const beta2 = 0.999;
  for (let step = 1; step <= iterations; step++) {
    gradient.fill(0);
    for (let r = 0; r < n; r++) {
      const row = rows[r];
      let z = weights[0];
      for (let i = 0; i < denseCount; i++) z += weights[1 + i] * row.dense[i];
      for (let i = 0; i < row.indices.length; i++) z += weights[1 + denseCount + row.indices[i]] * row.values[i];
      const error = (1 / (1 + Math.exp(-z)) - labels[r]) / n;
      gradient[0] += error;
      for (let i = 0; i < denseCount; i++) gradient[1 + i] += error * row.dense[i];
      for (let i = 0; i < row.indices.length; i++) gradient[1 + denseCount + row.indices[i]] += error * row.values[i];
    }
    for (let i = 1; i < size; i++) gradient[i] += l2 * weights[i];
    const correction1 = 1 - beta1 ** step;
    const correction2 = 1 - beta2 ** step;
    for (let i = 0; i < size; i++) {
      firstMoment[i] = beta1 * firstMoment[i] + (1 - beta1) * gradient[i];
      secondMoment[i] = beta2 * secondMoment[i] + (1 - beta2) * gradient[i] * gradient[i];
      weights[i] -= (learningRate * (firstMoment[i] / correction1)) / (Math.sqrt(secondMoment[i] / correction2) + 1e-8);
    }
  }
  return {
    bias: weights[0],
    dense: weights.slice(1, 1 + denseCount),
    sparse: weights.slice(1 + denseCount),
  };
}
