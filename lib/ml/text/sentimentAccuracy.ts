import { englishSentimentFeatures, sentimentHashBuckets } from './englishSentimentFeatures';
import type { LabelledSentences } from './parseLabelledSentences';
import { type SentimentClassifier, sentimentScore, trainSentimentClassifier } from './sentimentClassifier';
import { winkEnglish } from './winkEnglish';

/** Share of texts whose score has the label's sign (score > 0 positive, else negative). */
export function signAccuracy(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if ((scores[i] > 0 ? 1 : 0) === labels[i]) correct++;
  return labels.length > 0 ? correct / labels.length : Number.NaN;
}

export interface SentimentComparison {
  classifier: number;
  /** wink-nlp's lexicon score with its lite English model */
  wink: number;
  /** answering "positive" every time */
  alwaysPositive: number;
}

/** Accuracy of a classifier on labelled texts, beside wink's lexicon and always-positive. */
export function compareOnLabelled(classifier: SentimentClassifier, data: LabelledSentences): SentimentComparison {
  const nlp = winkEnglish();
  const scores = data.texts.map((text) => sentimentScore(classifier, englishSentimentFeatures(text)));
  const wink = data.texts.map((text) => nlp.readDoc(text).out(nlp.its.sentiment) as number);
  return {
    classifier: signAccuracy(scores, data.labels),
    wink: signAccuracy(wink, data.labels),
    alwaysPositive: signAccuracy(
      data.texts.map(() => 1),
      data.labels,
    ),
  };
}

/** Trains on one labelled set only, so its accuracy on another domain is a held-out figure. */
export function trainOn(data: LabelledSentences): SentimentClassifier {
  return trainSentimentClassifier(
    data.texts.map((text) => englishSentimentFeatures(text)),
    data.labels,
    sentimentHashBuckets,
  );
}
