import { englishSentimentFeatures, sentimentHashBuckets } from './englishSentimentFeatures';
import weights from './englishSentimentWeights.json';
import { type SentimentClassifier, sentimentScore } from './sentimentClassifier';
import { type WinkDocument, winkEnglish } from './winkEnglish';

let shipped: SentimentClassifier | null = null;

/** The classifier trained by scripts/train-sentiment.ts. */
export function shippedSentimentClassifier(): SentimentClassifier {
  if (!shipped) {
    if (weights.buckets !== sentimentHashBuckets) {
      throw new Error(
        `englishSentimentWeights.json has ${weights.buckets} buckets, features use ${sentimentHashBuckets}: rerun scripts/train-sentiment.ts`,
      );
    }
    const sparse = new Float64Array(weights.buckets);
    for (const [bucket, weight] of weights.sparse) sparse[bucket] = weight;
    shipped = { bias: weights.bias, dense: Float64Array.from(weights.dense), sparse };
  }
  return shipped;
}

/** Sentiment of an English text in [-1, 1]. */
export function englishSentiment(
  text: string,
  doc: WinkDocument = winkEnglish().readDoc(text),
  classifier: SentimentClassifier = shippedSentimentClassifier(),
): number {
  return sentimentScore(classifier, englishSentimentFeatures(text, doc));
}
