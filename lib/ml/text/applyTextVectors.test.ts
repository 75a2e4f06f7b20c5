import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventTable } from '@/lib/ml/types';
import { buildTinyTextModel, type TinyTextModel } from '@/test/helpers/buildTinyTextModel';
import { applyTextVectors, sentenceVectorsOfEvents } from './applyTextVectors';
import { createMemoryEmbeddingCache } from './embeddingCache';
import { loadTextEmbedder } from './loadTextEmbedder';
import { computeTextFeatures } from './textFeatures';
import { textModelConfig } from './textModelConfig';

const textsByUser: (string | null)[][] = [
  ['Love this espresso machine, the coffee is excellent.', 'Great coffee grinder, worth it.'],
  ['Terrible coffee, the espresso tasted burnt.', 'Awful service, I want a refund for this coffee.'],
  ['这款咖啡非常好喝，很满意', '咖啡机质量不错，推荐'],
  [null],
  ['The hiking boots are comfortable and the tent is great.', 'Hiking trip went well, the tent kept us dry.'],
  ['Comfortable boots for a long hiking trip.', 'The coffee at camp was excellent.'],
];

function eventTable(texts: (string | null)[][]): EventTable {
  const user: number[] = [];
  const text: (string | null)[] = [];
  texts.forEach((list, index) => {
    for (const value of list) {
      user.push(index);
      text.push(value);
    }
  });
  const n = user.length;
  return {
    userIds: texts.map((_, index) => `u${index}`),
    itemIds: [],
    types: ['review'],
    user: Int32Array.from(user),
    item: new Int32Array(n).fill(-1),
    type: new Int32Array(n),
    ts: Float64Array.from({ length: n }, (_, i) => i * 1000),
    value: new Float64Array(n).fill(Number.NaN),
    text,
  };
}

function maxDifference(a: Float32Array, b: Float32Array): number {
  return a.reduce((largest, value, i) => Math.max(largest, Math.abs(value - b[i])), 0);
}

let model: TinyTextModel;

beforeAll(async () => {
  model = await buildTinyTextModel({ hiddenSize: 32 });
});

afterAll(async () => {
  await rm(model.parentDir, { recursive: true, force: true });
});

describe('applyTextVectors', () => {
  it('gives the fitted users their TF-IDF + SVD vectors again, and sentiment as the run computed it', async () => {
    const events = eventTable(textsByUser);
    const fitted = await computeTextFeatures(events, {
      embedder: { kind: 'fallback', reason: 'test' },
      fallbackDimensions: 4,
      seed: 3,
    });
    expect(fitted.vectorModel.method).toBe('tfidf-svd');
    const applied = await applyTextVectors(events, fitted.vectorModel);
    expect(maxDifference(applied.vectors.data, fitted.vectors.data)).toBeLessThan(1e-5);
    expect(Array.from(applied.sentiment)).toEqual(Array.from(fitted.perUserSentiment));
    expect(Array.from(applied.hasText)).toEqual(Array.from(fitted.hasText));
  });

  it('reuses cached sentence embeddings, embeds new texts with the run model, and says when it cannot', async () => {
    const config = textModelConfig({ PORTRAIT_TEXT_MODEL: model.dir });
    const cache = createMemoryEmbeddingCache();
    const fitted = await computeTextFeatures(eventTable(textsByUser), { config, cacheFor: () => cache });
    expect(fitted.vectorModel.method).toBe('transformers');
    const again = await applyTextVectors(eventTable(textsByUser), fitted.vectorModel, { cache });
    expect(again.textsWithoutVector).toBe(0);
    expect(maxDifference(again.vectors.data, fitted.vectors.data)).toBeLessThan(1e-6);

    const withNewText = eventTable([['A brand new review about a tent that leaked.', textsByUser[4][0]]]);
    const uncached = await applyTextVectors(withNewText, fitted.vectorModel, { cache });
    expect(uncached.textsWithoutVector).toBe(1);
    expect(uncached.reason).toMatch(/not embedded/);
    const embedded = await applyTextVectors(withNewText, fitted.vectorModel, {
      cache,
      loadEmbedder: () => loadTextEmbedder(config),
    });
    expect(embedded.textsWithoutVector).toBe(0);
    expect(cache.size()).toBe(11);
    expect(maxDifference(embedded.vectors.data, uncached.vectors.data)).toBeGreaterThan(0.01);
  });

  it("finds the vectors of a table's texts from the cache and counts each occurrence left without one", async () => {
    const config = textModelConfig({ PORTRAIT_TEXT_MODEL: model.dir });
    const cache = createMemoryEmbeddingCache();
    const fitted = await computeTextFeatures(eventTable(textsByUser), { config, cacheFor: () => cache });
    if (fitted.vectorModel.method !== 'transformers') throw new Error('expected a transformers text model');
    const unseen = 'A review no run has seen.';
    const events = eventTable([
      [textsByUser[0][0], unseen, '  ', null],
      [unseen, textsByUser[0][0]],
    ]);
    const found = await sentenceVectorsOfEvents(events, fitted.vectorModel, { cache });
    expect([...found.known.keys()]).toEqual([textsByUser[0][0]]);
    expect(found.textsWithoutVector).toBe(2);
    expect(found.reason).toMatch(/not embedded/);
  });
});
