// Sentiment accuracy where the classifier never saw the domain, beside wink-nlp's lexicon and
// always answering "positive":
//   English, cross-domain: trained on one UCI file only, tested on the other (both directions);
//   English, hand-written reviews of other products (test/fixtures), scored by the shipped
//     classifier (trained on both UCI files, never on these); the "unseen" set was written after
//     the last change to the features and never used to tune them;
//   Chinese: coverage and accuracy on hand-written reviews (test/fixtures; the "unseen" set was
//     written after the lexicon's last change).
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
const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

console.log('== English sentiment (threshold 0) ==');
console.log('test set                       n      classifier   wink lexicon   always positive');
const row = (name: string, n: number, result: ReturnType<typeof compareOnLabelled>) =>
  console.log(
    `${name.padEnd(31)}${String(n).padEnd(7)}${percent(result.classifier).padEnd(13)}${percent(result.wink).padEnd(15)}${percent(result.alwaysPositive)}`,
  );
row('yelp (trained on amazon)', yelp.texts.length, compareOnLabelled(trainOn(amazon), yelp));
row('amazon (trained on yelp)', amazon.texts.length, compareOnLabelled(trainOn(yelp), amazon));
row('hand-written (shipped)', handWritten.texts.length, compareOnLabelled(shippedSentimentClassifier(), handWritten));
row('hand-written (amazon only)', handWritten.texts.length, compareOnLabelled(trainOn(amazon), handWritten));
row('hand-written (yelp only)', handWritten.texts.length, compareOnLabelled(trainOn(yelp), handWritten));
row('unseen hand-written (shipped)', unseen.texts.length, compareOnLabelled(shippedSentimentClassifier(), unseen));

console.log('\n== Chinese sentiment (lexicon over jieba words) ==');
for (const [name, file] of [
  ['hand-written', 'chinese-reviews.tsv'],
  ['second hand-written (used to extend the lexicon)', 'chinese-reviews-2.tsv'],
  ['unseen hand-written', 'chinese-reviews-unseen.tsv'],
]) {
  const chinese = read(path.join(root, 'test/fixtures', file));
  const scores = chinese.texts.map((text) => chineseSentiment(text));
  const scored = scores.flatMap((score, i) => (score === null ? [] : [{ score, label: chinese.labels[i] }]));
  console.log(
    `${name} reviews: ${chinese.texts.length}; scored ${percent(scored.length / chinese.texts.length)}; ` +
      `right sign on ${percent(
        signAccuracy(
          scored.map(({ score }) => score),
          scored.map(({ label }) => label),
        ),
      )} of those scored`,
  );
}
