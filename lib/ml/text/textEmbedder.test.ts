import { rm } from 'node:fs/promises';
import path from 'node:path';
import { env, pipeline } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTinyTextModel, type TinyTextModel } from '@/test/helpers/buildTinyTextModel';
import { createMemoryEmbeddingCache } from './embeddingCache';
import { embedTexts } from './embedTexts';
import { loadTextEmbedder, type TextEmbedder } from './loadTextEmbedder';
import { textModelConfig } from './textModelConfig';

let model: TinyTextModel;
let embedder: TextEmbedder;

function row(data: Float32Array, index: number, width: number): Float32Array {
  return data.subarray(index * width, (index + 1) * width);
}

function norm(vector: Float32Array): number {
  return Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
}

beforeAll(async () => {
  model = await buildTinyTextModel({ hiddenSize: 64 });
  const status = await loadTextEmbedder(textModelConfig({ PORTRAIT_TEXT_MODEL: model.dir }));
  if (status.kind !== 'ready') throw new Error(status.reason);
  embedder = status.embedder;
});

afterAll(async () => {
  await embedder?.dispose();
  await rm(model.parentDir, { recursive: true, force: true });
});

describe('loadTextEmbedder with a real model folder', () => {
  it('loads through transformers.js and reports the model width', () => {
    expect(embedder.dimension).toBe(64);
    expect(embedder.device).toBe('cpu');
  });

  it('records how its device was chosen: PORTRAIT_DEVICE unset is auto, and skipped GPUs keep their reasons', () => {
    expect(embedder.deviceChoice.requested).toBe('auto');
    expect(embedder.deviceChoice.device).toBe(embedder.device);
    if (embedder.device === 'cpu')
      expect(embedder.deviceChoice.skipped.map((entry) => entry.device)).toEqual(['cuda', 'webgpu']);
  });

  it('returns L2-normalised vectors, equal for equal texts and different for different ones', async () => {
    const texts = ['great phone, love it', 'terrible service and slow delivery', 'great phone, love it'];
    const { vectors } = await embedTexts(texts, embedder);
    expect(vectors.rows).toBe(3);
    expect(vectors.cols).toBe(64);
    for (let i = 0; i < 3; i++) expect(norm(row(vectors.data, i, 64))).toBeCloseTo(1, 5);
    expect(Array.from(row(vectors.data, 2, 64))).toEqual(Array.from(row(vectors.data, 0, 64)));
    const difference = row(vectors.data, 0, 64).reduce(
      (sum, value, d) => sum + Math.abs(value - vectors.data[64 + d]),
      0,
    );
    expect(difference).toBeGreaterThan(0.1);
  });

  it('matches the transformers.js pipeline with mean pooling and normalize', async () => {
    const texts = ['great phone, love it', 'a much longer text about coffee beans and grinders', 'ok'];
    env.allowRemoteModels = false;
    env.localModelPath = `${model.parentDir}${path.sep}`;
    const extractor = await pipeline('feature-extraction', model.name, { device: 'cpu', dtype: 'fp32' });
    const reference = await extractor(texts, { pooling: 'mean', normalize: true });
    const ours = await embedder.embedBatch(texts);
    const expected = reference.data as Float32Array;
    ours.forEach((vector, row) => {
      for (let d = 0; d < 64; d++) expect(vector[d]).toBeCloseTo(expected[row * 64 + d], 5);
    });
    await extractor.dispose();
  });

  it('gives a text the same vector alone as inside a padded batch', async () => {
    const alone = await embedTexts(['coffee'], embedder);
    const batched = await embedTexts(['coffee', 'a much longer text about coffee beans and grinders'], embedder, {
      batchSize: 2,
    });
    for (let d = 0; d < 64; d++) expect(batched.vectors.data[d]).toBeCloseTo(alone.vectors.data[d], 5);
  });
});

describe('embedTexts batches by length', () => {
  it("sends texts shortest first and returns each vector in its text's place", async () => {
    const texts = ['a much longer text about coffee beans and grinders', 'ok', 'great phone, love it', 'tea', 'ok'];
    const seen: string[][] = [];
    const recording = {
      ...embedder,
      embedBatch: (batch: string[]) => {
        seen.push(batch);
        return embedder.embedBatch(batch);
      },
    };
    const { vectors } = await embedTexts(texts, recording, { batchSize: 2 });
    expect(seen).toEqual([
      ['ok', 'tea'],
      ['great phone, love it', 'a much longer text about coffee beans and grinders'],
    ]);
    for (const [i, text] of texts.entries()) {
      const [alone] = await embedder.embedBatch([text]);
      for (let d = 0; d < 64; d++) expect(vectors.data[i * 64 + d]).toBeCloseTo(alone[d], 5);
    }
  });
});

describe('embedTexts with a cache', () => {
  it('embeds each distinct text once and never again on a second run', async () => {
    const cache = createMemoryEmbeddingCache();
    const counted = { ...embedder, embedBatch: vi.fn(embedder.embedBatch) };
    const texts = ['tea', 'coffee', 'tea', 'tent', 'boots'];
    const first = await embedTexts(texts, counted, { cache, batchSize: 2 });
    expect(first.embedded).toBe(4);
    expect(counted.embedBatch).toHaveBeenCalledTimes(2);
    expect(cache.size()).toBe(4);

    const second = await embedTexts([...texts, 'hiking'], counted, { cache, batchSize: 2 });
    expect(second.fromCache).toBe(4);
    expect(second.embedded).toBe(1);
    expect(counted.embedBatch).toHaveBeenCalledTimes(3);
    expect(counted.embedBatch).toHaveBeenLastCalledWith(['hiking']);
    expect(Array.from(second.vectors.data.subarray(0, 64))).toEqual(Array.from(first.vectors.data.subarray(0, 64)));
  });
});

describe('loadTextEmbedder without a model', () => {
  it('returns the fallback with a reason naming the missing folder', async () => {
    const missing = path.join(model.parentDir, 'no-such-model');
    const status = await loadTextEmbedder(textModelConfig({ PORTRAIT_TEXT_MODEL: missing }));
    expect(status).toEqual({ kind: 'fallback', reason: expect.stringContaining(missing) });
  });

  it('returns the fallback for a hub id when downloads are off and the model is not in PORTRAIT_MODEL_DIR', async () => {
    const status = await loadTextEmbedder(
      textModelConfig({
        PORTRAIT_TEXT_MODEL: 'Xenova/some-model',
        PORTRAIT_MODEL_DIR: model.parentDir,
        PORTRAIT_OFFLINE: '1',
      }),
    );
    expect(status.kind).toBe('fallback');
  });

  it('says a hub id could not be downloaded, and where its folder would be found offline', async () => {
    const hub = env.remoteHost;
    // a closed local port, so the download fails as it does without a network
    env.remoteHost = 'http://127.0.0.1:9/';
    try {
      const status = await loadTextEmbedder(
        textModelConfig({ PORTRAIT_TEXT_MODEL: 'nobody/no-model', PORTRAIT_MODEL_DIR: model.parentDir }),
      );
      expect(status).toEqual({
        kind: 'fallback',
        reason: expect.stringMatching(
          /^could not download text model nobody\/no-model \(.+\); put its folder in PORTRAIT_MODEL_DIR to use it offline$/,
        ),
      });
    } finally {
      env.remoteHost = hub;
    }
  });

  it('finds a hub id inside PORTRAIT_MODEL_DIR', async () => {
    const status = await loadTextEmbedder(
      textModelConfig({ PORTRAIT_TEXT_MODEL: model.name, PORTRAIT_MODEL_DIR: model.parentDir, PORTRAIT_OFFLINE: '1' }),
    );
    expect(status.kind).toBe('ready');
    if (status.kind === 'ready') await status.embedder.dispose();
  });

  it('falls back from CUDA to the CPU with a warning when CUDA cannot start', async () => {
    const warn = vi.fn();
    const status = await loadTextEmbedder(
      textModelConfig({ PORTRAIT_TEXT_MODEL: model.dir, PORTRAIT_DEVICE: 'cuda' }),
      warn,
    );
    expect(status.kind).toBe('ready');
    if (status.kind !== 'ready') return;
    if (status.embedder.device === 'cpu') expect(warn).toHaveBeenCalledWith(expect.stringContaining('CUDA'));
    await status.embedder.dispose();
  });
});

describe('loadTextEmbedder with PORTRAIT_TEXT_DTYPE', () => {
  const texts = ['great phone, love it', 'terrible service and slow delivery', 'the battery lasts all day'];

  it('loads the fp16 variant where the folder has one, under its own cache key, close to the fp32 vectors', async () => {
    const withVariant = await buildTinyTextModel({ hiddenSize: 64, fp16Variant: true });
    try {
      const warn = vi.fn();
      const status = await loadTextEmbedder(
        textModelConfig({ PORTRAIT_TEXT_MODEL: withVariant.dir, PORTRAIT_DEVICE: 'cpu', PORTRAIT_TEXT_DTYPE: 'fp16' }),
        warn,
      );
      if (status.kind !== 'ready') throw new Error(status.reason);
      expect(warn).not.toHaveBeenCalled();
      expect(status.embedder.modelId).toBe(`${withVariant.dir}:fp16`);
      const half = await embedTexts(texts, status.embedder);
      await status.embedder.dispose();
      const full = await embedTexts(texts, embedder);
      expect(half.vectors.data).toBeInstanceOf(Float32Array);
      for (let i = 0; i < texts.length; i++) {
        const a = row(half.vectors.data, i, 64);
        const b = row(full.vectors.data, i, 64);
        const cosine = a.reduce((sum, value, d) => sum + value * b[d], 0);
        expect(cosine).toBeGreaterThan(0.999);
        expect(Array.from(a)).not.toEqual(Array.from(b));
      }
    } finally {
      await rm(withVariant.parentDir, { recursive: true, force: true });
    }
  });

  it('warns and embeds with fp32 when the folder has no file for the variant', async () => {
    const warn = vi.fn();
    const status = await loadTextEmbedder(
      textModelConfig({ PORTRAIT_TEXT_MODEL: model.dir, PORTRAIT_DEVICE: 'cpu', PORTRAIT_TEXT_DTYPE: 'fp16' }),
      warn,
    );
    if (status.kind !== 'ready') throw new Error(status.reason);
    expect(warn).toHaveBeenCalledWith(
      `PORTRAIT_TEXT_DTYPE=fp16 asks for onnx/model_fp16.onnx, which ${model.dir} does not have; embedding with the fp32 model`,
    );
    expect(status.embedder.modelId).toBe(`${model.dir}:fp32`);
    const fallback = await embedTexts(texts, status.embedder);
    await status.embedder.dispose();
    expect(Array.from(fallback.vectors.data)).toEqual(Array.from((await embedTexts(texts, embedder)).vectors.data));
  });
});
