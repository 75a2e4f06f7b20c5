// Trains the English sentiment classifier on both labelled sentence files and writes the
// weights that ship in lib/ml/text/englishSentimentWeights.json. Held-out accuracy is
// reported by scripts/bench-text.ts, which retrains on one file and tests on the other.
// Data: Kotzias et al., "From Group to Individual Labels using Deep Features", KDD 2015;
// UCI #331 "Sentiment Labelled Sentences", doi:10.24432/C57604, CC BY 4.0.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  englishSentimentFeatures,
  sentimentDenseFeatureNames,
  sentimentHashBuckets,
} from '@/lib/ml/text/englishSentimentFeatures';
import { parseLabelledSentences } from '@/lib/ml/text/parseLabelledSentences';
import { trainSentimentClassifier } from '@/lib/ml/text/sentimentClassifier';

const dataDir = process.env.PORTRAIT_SENTIMENT_DATA ?? path.resolve(import.meta.dirname, '../../shared/data');
const files = ['amazon_cells_labelled.txt', 'yelp_labelled.txt'];
const texts: string[] = [];
const labels: number[] = [];
for (const file of files) {
  const parsed = parseLabelledSentences(readFileSync(path.join(dataDir, file), 'utf8'));
  texts.push(...parsed.texts);
  labels.push(...parsed.labels);
}
const classifier = trainSentimentClassifier(
  texts.map((text) => englishSentimentFeatures(text)),
  Uint8Array.from(labels),
  sentimentHashBuckets,
);
const round = (value: number) => Math.round(value * 1e4) / 1e4;
const sparse: [number, number][] = [];
classifier.sparse.forEach((weight, bucket) => {
  if (Math.abs(weight) >= 1e-3) sparse.push([bucket, round(weight)]);
});
const output = {
  description: 'Logistic regression over lexicon scores and hashed unigrams/bigrams; see scripts/train-sentiment.ts',
  trainingData:
    'Kotzias et al., KDD 2015; UCI Sentiment Labelled Sentences (amazon_cells, yelp), doi:10.24432/C57604, CC BY 4.0',
  trainedOn: texts.length,
  buckets: sentimentHashBuckets,
  denseFeatures: sentimentDenseFeatureNames,
  bias: round(classifier.bias),
  dense: Array.from(classifier.dense, round),
  sparse,
};
const target = path.resolve(import.meta.dirname, '../lib/ml/text/englishSentimentWeights.json');
// Laid out as the project's formatter (Biome) lays it out, one bucket per line.
const { sparse: pairs, ...header } = output;
const headerJson = JSON.stringify(header, null, 2)
  .replace(/\[\s+([^[\]]*?)\s+\]/g, (_, inner: string) => `[${inner.split(/,\s+/).join(', ')}]`)
  .replace(/\n}$/, '');
const pairLines = pairs.map(([bucket, weight]) => `    [${bucket}, ${weight}]`).join(',\n');
writeFileSync(target, `${headerJson},\n  "sparse": [\n${pairLines}\n  ]\n}\n`);
console.log(`trained on ${texts.length} sentences; ${sparse.length} bucket weights written to ${target}`);
