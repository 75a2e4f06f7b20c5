import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { segmentKeywords } from '@/lib/ml/persona/segmentKeywords';
import type { EventTable } from '@/lib/ml/types';
import { buildTinyTextModel, type TinyTextModel } from '@/test/helpers/buildTinyTextModel';
import { createMemoryEmbeddingCache } from './embeddingCache';
import { computeTextFeatures } from './textFeatures';
import { textModelConfig } from './textModelConfig';

const textsByUser: (string | null)[][] = [
  ['Love this espresso machine, the coffee is excellent.', 'Great coffee grinder, paid $20 and worth it.', null],
  ['Terrible coffee, the espresso tasted burnt.', 'Awful service, I want a refund for this coffee.'],
  ['这款咖啡非常好喝，很满意', '咖啡机质量不错，推荐'],
  ['Le café est arrivé froid et le service est nul'],
  [null, null],
  ['The hiking boots are comfortable and the tent is great.', 'Hiking trip went well, the tent kept us dry.'],
];

function eventTable(): EventTable {
  const user: number[] = [];
  const text: (string | null)[] = [];
  textsByUser.forEach((texts, index) => {
    for (const value of texts) {
      user.push(index);
      text.push(value);
    }
  });
  const n = user.length;
  return {
    userIds: textsByUser.map((_, index) => `u${index}`),
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

function rowNorm(data: Float32Array, row: number, width: number): number {
  let sum = 0;
  for (let d = 0; d < width; d++) sum += data[row * width + d] ** 2;
  return Math.sqrt(sum);
}

function cosine(data: Float32Array, a: number, b: number, width: number): number {
  let dot = 0;
  for (let d = 0; d < width; d++) dot += data[a * width + d] * data[b * width + d];
  return dot / (rowNorm(data, a, width) * rowNorm(data, b, width));
}

let model: TinyTextModel;

beforeAll(async () => {
  model = await buildTinyTextModel({ hiddenSize: 48 });
});

afterAll(async () => {
  await rm(model.parentDir, { recursive: true, force: true });
});

describe('computeTextFeatures', () => {
  it('averages sentiment per user and marks users without a sentiment model as NaN', async () => {
    const features = await computeTextFeatures(eventTable(), {
      config: textModelConfig({ PORTRAIT_TEXT_MODEL: model.dir }),
    });
    expect(features.perUserSentiment[0]).toBeGreaterThan(0);
    expect(features.perUserSentiment[1]).toBeLessThan(0);
    expect(features.perUserSentiment[2]).toBeGreaterThan(0);
    expect(features.perUserSentiment[3]).toBeNaN();
    expect(features.sentimentUnavailableTexts[3]).toBe(1);
    expect(features.perUserSentiment[4]).toBeNaN();
    expect(Array.from(features.sentimentTexts)).toEqual([2, 2, 2, 0, 0, 2]);
    expect(Array.from(features.hasText)).toEqual([1, 1, 1, 1, 0, 1]);
    expect(features.languageCounts).toEqual({ en: 6, zh: 2, other: 1 });
  });

  it('embeds with the model, one normalised vector per user and zeros for users without text', async () => {
    const cache = createMemoryEmbeddingCache();
    const features = await computeTextFeatures(eventTable(), {
      config: textModelConfig({ PORTRAIT_TEXT_MODEL: model.dir }),
      cacheFor: () => cache,
    });
    expect(features.meta).toMatchObject({ method: 'transformers', device: 'cpu', dimension: 48, embeddedTexts: 9 });
    expect(features.vectors.rows).toBe(6);
    for (const user of [0, 1, 2, 3, 5]) expect(rowNorm(features.vectors.data, user, 48)).toBeCloseTo(1, 5);
    expect(rowNorm(features.vectors.data, 4, 48)).toBe(0);

    const again = await computeTextFeatures(eventTable(), {
      config: textModelConfig({ PORTRAIT_TEXT_MODEL: model.dir }),
      cacheFor: () => cache,
    });
    expect(again.meta).toMatchObject({ embeddedTexts: 0, cachedTexts: 9 });
    expect(Array.from(again.vectors.data)).toEqual(Array.from(features.vectors.data));
  });

  it('falls back to TF-IDF + SVD with the reason when the model folder is missing', async () => {
    const missing = path.join(model.parentDir, 'missing-model');
    const features = await computeTextFeatures(eventTable(), {
      config: textModelConfig({ PORTRAIT_TEXT_MODEL: missing }),
      fallbackDimensions: 4,
      seed: 3,
    });
    expect(features.meta.method).toBe('tfidf-svd');
    expect(features.meta.reason).toContain(missing);
    expect(features.vectors.cols).toBe(4);
    expect(rowNorm(features.vectors.data, 4, 4)).toBe(0);
    // The two coffee users share more vocabulary with each other than with the hiker.
    expect(cosine(features.vectors.data, 0, 1, 4)).toBeGreaterThan(cosine(features.vectors.data, 0, 5, 4));
    const rerun = await computeTextFeatures(eventTable(), {
      config: textModelConfig({ PORTRAIT_TEXT_MODEL: missing }),
      fallbackDimensions: 4,
      seed: 3,
    });
    expect(Array.from(rerun.vectors.data)).toEqual(Array.from(features.vectors.data));
  });

  it('counts entities and finds keywords per user and per segment', async () => {
    const features = await computeTextFeatures(eventTable(), {
      embedder: { kind: 'fallback', reason: 'test' },
    });
    expect(features.entitiesPerUser[0].MONEY).toBe(1);
    expect(features.keywordsPerUser[5].map((keyword) => keyword.term)).toEqual(
      expect.arrayContaining(['hiking', 'tent']),
    );
    expect(features.keywordsPerUser[4]).toEqual([]);
    const coffeeAndHikingUsers = [0, 1, 5].map((user) => features.keywordsPerUser[user].map((keyword) => keyword.term));
    const bySegment = segmentKeywords(coffeeAndHikingUsers, Int32Array.from([0, 0, 1]), 2);
    expect(bySegment[0][0].term).toBe('coffee');
    expect(bySegment[1].map((keyword) => keyword.term)).toEqual(expect.arrayContaining(['hiking', 'tent']));
  });
});
