// Sentiment accuracy where the classifier never saw the domain, beside wink-nlp's lexicon and
// always answering "positive":
//   English, cross-domain: trained on one UCI file only, tested on the other (both directions);
//   English, hand-written reviews of other products (test/fixtures), scored by the shipped
//     classifier (trained on both UCI files, never on these) and by one trained on a single UCI
//     file; the "dev" set was used to tune the features, the "held-out" set, written with it,
//     never was;
//   Chinese: coverage (share of reviews given a non-zero score; every review bears sentiment by
//     its label) and accuracy on hand-written reviews (test/fixtures); "dev" tuned the lexicon,
//     "held-out", written with it, did not.
//
//   npm run bench:sentiment
//
// Data: Kotzias et al., "From Group to Individual Labels using Deep Features", KDD 2015;
// UCI #331 "Sentiment Labelled Sentences", doi:10.24432/C57604, CC BY 4.0.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chineseSentiment } from '@/lib/ml/text/chineseSentiment';
import { shippedSentimentClassifier } from '@/lib/ml/text/englishSentiment';
import { parseLabelledSentences } from '@/lib/ml/text/parseLabelledSentences';
import { compareOnLabelled, signAccuracy, trainOn } from '@/lib/ml/text/sentimentAccuracy';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = process.env.PORTRAIT_SENTIMENT_DATA ?? path.resolve(root, '../shared/data');
const read = (file: string) => parseLabelledSentences(readFileSync(file, 'utf8'));
const amazon = read(path.join(dataDir, 'amazon_cells_labelled.txt'));
const yelp = read(path.join(dataDir, 'yelp_labelled.txt'));
const handWritten = read(path.join(root, 'test/fixtures/english-product-reviews.tsv'));
// written after the last change to the features, so no feature was tuned on it
const unseen = read(path.join(root, 'test/fixtures/english-product-reviews-unseen.tsv'));
const dev = read(path.join(root, 'test/fixtures/english-product-reviews-dev.tsv'));
const heldOut = read(path.join(root, 'test/fixtures/english-product-reviews-heldout.tsv'));
const amazonOnly = trainOn(amazon);
const yelpOnly = trainOn(yelp);
const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

console.log('== English sentiment (threshold 0) ==');
console.log('test set                              n      classifier   wink lexicon   always positive');
const row = (name: string, n: number, result: ReturnType<typeof compareOnLabelled>) =>
  console.log(
    `${name.padEnd(38)}${String(n).padEnd(7)}${percent(result.classifier).padEnd(13)}${percent(result.wink).padEnd(15)}${percent(result.alwaysPositive)}`,
  );
row('yelp (trained on amazon)', yelp.texts.length, compareOnLabelled(amazonOnly, yelp));
row('amazon (trained on yelp)', amazon.texts.length, compareOnLabelled(yelpOnly, amazon));
for (const [name, data] of [
  ['hand-written', handWritten],
  ['unseen hand-written', unseen],
  ['dev hand-written, tuned on', dev],
  ['held-out hand-written', heldOut],
] as const) {
  row(`${name} (shipped)`, data.texts.length, compareOnLabelled(shippedSentimentClassifier(), data));
  if (data === handWritten || data === heldOut) {
    row(`${name} (amazon only)`, data.texts.length, compareOnLabelled(amazonOnly, data));
    row(`${name} (yelp only)`, data.texts.length, compareOnLabelled(yelpOnly, data));
  }
}

console.log('\n== Chinese sentiment (lexicon over jieba words) ==');
console.log('test set                                            n      scored    right sign of scored   right of all');
for (const [name, file] of [
  ['hand-written', 'chinese-reviews.tsv'],
  ['second hand-written (used to extend the lexicon)', 'chinese-reviews-2.tsv'],
  ['unseen hand-written', 'chinese-reviews-unseen.tsv'],
  ['dev hand-written (tuned on)', 'chinese-reviews-dev.tsv'],
  ['second dev hand-written, other domains (tuned on)', 'chinese-reviews-dev-2.tsv'],
  ['held-out hand-written', 'chinese-reviews-heldout.tsv'],
]) {
  const chinese = read(path.join(root, 'test/fixtures', file));
  const scores = chinese.texts.map((text) => chineseSentiment(text));
  const scored = scores.flatMap((score, i) =>
    score === null || score === 0 ? [] : [{ score, label: chinese.labels[i] }],
  );
  const right = signAccuracy(
    scored.map(({ score }) => score),
    scored.map(({ label }) => label),
  );
  const n = chinese.texts.length;
  console.log(
    `${name.padEnd(52)}${String(n).padEnd(7)}${percent(scored.length / n).padEnd(10)}${percent(right).padEnd(23)}${percent((right * scored.length) / n)}`,
  );
}
