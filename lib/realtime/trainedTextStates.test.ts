import { describe, expect, it } from 'vitest';
import type { ProfileModel } from '@/lib/ml/features/profileModel';
import { buildTermMatrix } from '@/lib/ml/text/termMatrix';
import type { TextFeatures } from '@/lib/ml/text/textFeatures';
import { putTrainedTextStates } from './trainedTextStates';
import type { UserEventStates } from './userEventState';

function emptyStates(userIds: string[], dimension: number): UserEventStates {
  const users = userIds.length;
  return {
    userIds,
    totals: {} as UserEventStates['totals'],
    embeddingCounts: userIds.map(() => new Map()),
    textTermCounts: userIds.map(() => new Map()),
    textVectorSums: new Float32Array(users * dimension),
    sentimentSum: new Float64Array(users),
    sentimentCount: new Float64Array(users),
    pairs: userIds.map(() => []),
    touchedPairs: userIds.map(() => null),
  };
}

// users 0 and 2 wrote texts, user 1 none; the states cover users 1 and 2
const text = {
  hasText: Uint8Array.from([1, 0, 1]),
  sentimentSum: Float64Array.from([0.5, 0, -1.5]),
  sentimentTexts: Int32Array.from([1, 0, 2]),
  userTerms: buildTermMatrix([['fast'], [], ['late', 'late', 'broken']]),
  vectors: { rows: 3, cols: 2, data: Float32Array.from([1, 0, 0, 0, 0.6, 0.8]) },
  vectorSumLengths: Float32Array.from([1, 0, 5]),
} as unknown as TextFeatures;

describe('putTrainedTextStates', () => {
  it('gives transformers runs the sum of the sentence vectors, not their normalised mean', () => {
    const states = emptyStates(['b', 'c'], 2);
    const model = { text: { method: 'transformers', model: 'm', dimension: 2 } } as unknown as ProfileModel;
    putTrainedTextStates(states, text, model, 1);
    expect(Array.from(states.textVectorSums)).toEqual([0, 0, expect.closeTo(3, 5), expect.closeTo(4, 5)]);
    expect(Array.from(states.sentimentSum)).toEqual([0, -1.5]);
    expect(Array.from(states.sentimentCount)).toEqual([0, 2]);
  });

  it("gives TF-IDF runs the counts of the terms in the run's vocabulary, by its columns", () => {
    const states = emptyStates(['b', 'c'], 0);
    const model = {
      text: { method: 'tfidf-svd', tfidf: { terms: ['broken', 'fast', 'late'] } },
    } as unknown as ProfileModel;
    putTrainedTextStates(states, text, model, 1);
    expect(states.textTermCounts).toEqual([
      new Map(),
      new Map([
        [2, 2],
        [0, 1],
      ]),
    ]);
  });
});
