import { describe, expect, it } from 'vitest';
import { englishSentimentFeatures, sentimentHashBuckets } from './englishSentimentFeatures';
import { sentimentScore, trainSentimentClassifier } from './sentimentClassifier';
import { textSentiment } from './textSentiment';

// Written for this test, not taken from the training files.
const positive = [
  'Absolutely love this blender, it crushes ice in seconds.',
  'The staff were friendly and the room was spotless.',
  'Best headphones I have owned, the sound is amazing.',
  'Delivery was quick and the packaging was perfect.',
  'I would happily recommend this shop to my friends.',
  'The soup was tasty and the bread was fresh.',
  'Works great and the battery lasts all week.',
  'What a wonderful experience, we will be back!',
  'The support agent solved my problem right away, thank you.',
  'Comfortable shoes, they fit perfectly.',
];
const negative = [
  'The blender broke after two uses, total waste of money.',
  'The staff were rude and the room was dirty.',
  'Worst headphones ever, the sound is awful.',
  'Delivery took three weeks and the box arrived damaged.',
  'I would never recommend this shop to anyone.',
  'The soup was bland and the bread was stale.',
  'Stopped charging after a week, very disappointed.',
  'What a horrible experience, never again.',
  'Support ignored my emails and refused a refund.',
  'Uncomfortable shoes, they hurt my feet.',
];

describe('textSentiment', () => {
  it('gives English reviews the right sign with the shipped classifier', () => {
    const correct =
      positive.filter((text) => (textSentiment(text) ?? 0) > 0).length +
      negative.filter((text) => (textSentiment(text) ?? 0) < 0).length;
    expect(correct / (positive.length + negative.length)).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps scores in [-1, 1]', () => {
    for (const text of [...positive, ...negative]) {
      const score = textSentiment(text) ?? Number.NaN;
      expect(Math.abs(score)).toBeLessThanOrEqual(1);
    }
  });

  it('returns null for a language without a sentiment model', () => {
    expect(textSentiment('Le service client est vraiment nul et lent')).toBeNull();
    expect(textSentiment('これはとても良い商品です')).toBeNull();
  });

  it('routes Chinese text to the Chinese lexicon', () => {
    expect(textSentiment('非常满意，推荐')).toBeGreaterThan(0);
  });
});

describe('trainSentimentClassifier', () => {
  it('learns a word that the lexicon does not know from labelled examples', () => {
    const texts = [
      ...Array.from({ length: 20 }, (_, i) => `the zorblat model ${i} arrived`),
      ...Array.from({ length: 20 }, (_, i) => `the quimber model ${i} arrived`),
    ];
    const labels = Uint8Array.from(texts, (_, i) => (i < 20 ? 1 : 0));
    const classifier = trainSentimentClassifier(
      texts.map((text) => englishSentimentFeatures(text)),
      labels,
      sentimentHashBuckets,
    );
    expect(sentimentScore(classifier, englishSentimentFeatures('my zorblat came today'))).toBeGreaterThan(0.2);
    expect(sentimentScore(classifier, englishSentimentFeatures('my quimber came today'))).toBeLessThan(-0.2);
  });
});
