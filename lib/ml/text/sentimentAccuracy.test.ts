import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedSentimentClassifier } from './englishSentiment';
import { parseLabelledSentences } from './parseLabelledSentences';
import { compareOnLabelled, trainOn } from './sentimentAccuracy';

// The UCI Sentiment Labelled Sentences (Kotzias et al., KDD 2015; CC BY 4.0), shipped beside the
// project in shared/data; PORTRAIT_SENTIMENT_DATA points elsewhere.
const root = path.resolve(import.meta.dirname, '../../..');
const dataDir = process.env.PORTRAIT_SENTIMENT_DATA ?? path.resolve(root, '../shared/data');
const read = (file: string) => parseLabelledSentences(readFileSync(file, 'utf8'));

describe('English sentiment out of its training domain', () => {
  const amazonFile = path.join(dataDir, 'amazon_cells_labelled.txt');
  if (!existsSync(amazonFile)) throw new Error(`${amazonFile} is missing: set PORTRAIT_SENTIMENT_DATA`);
  const amazon = read(amazonFile);
  const yelp = read(path.join(dataDir, 'yelp_labelled.txt'));

  it("beats wink's lexicon on restaurant reviews when trained on phone reviews only", () => {
    const result = compareOnLabelled(trainOn(amazon), yelp);
    expect(result.classifier).toBeGreaterThan(result.wink);
    expect(result.classifier).toBeGreaterThan(result.alwaysPositive);
  });

  it("beats wink's lexicon on phone reviews when trained on restaurant reviews only", () => {
    const result = compareOnLabelled(trainOn(yelp), amazon);
    expect(result.classifier).toBeGreaterThan(result.wink);
  });

  it("beats wink's lexicon on hand-written reviews of other products with the shipped weights", () => {
    const handWritten = read(path.join(root, 'test/fixtures/english-product-reviews.tsv'));
    expect(handWritten.texts.length).toBe(40);
    const result = compareOnLabelled(shippedSentimentClassifier(), handWritten);
    expect(result.classifier).toBeGreaterThan(result.wink);
  });

  it('reads "no better" and "does not stick" as praise', () => {
    const praise = parseLabelledSentences(
      'There is no better sea salt and vinegar chip.\t1\nThis pan really does not stick.\t1\n',
    );
    expect(compareOnLabelled(shippedSentimentClassifier(), praise).classifier).toBe(1);
  });
});
