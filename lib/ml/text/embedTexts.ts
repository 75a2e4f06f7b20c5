import type { DenseMatrix } from '@/lib/ml/types';
import { type EmbeddingCache, textHash } from './embeddingCache';
import type { TextEmbedder } from './loadTextEmbedder';

export interface EmbedTextsOptions {
  cache?: EmbeddingCache;
  batchSize?: number;
}

export interface EmbeddedTexts {
  /** texts x dimension, row i for texts[i] */
  vectors: DenseMatrix;
  /** texts sent to the model (distinct, not found in the cache) */
  embedded: number;
  /** distinct texts found in the cache */
  fromCache: number;
}

/**
 * Embeds texts in batches, each distinct text once, looking every text up in the cache first
 * and storing the new vectors there, so a retrain never embeds the same text twice. Texts go to
 * the model shortest first, so each batch holds texts of about one length and pads little (a
 * batch is padded to its own longest text); the vectors come back in the texts' order.
 */
export async function embedTexts(
  texts: string[],
  embedder: TextEmbedder,
  options: EmbedTextsOptions = {},
): Promise<EmbeddedTexts> {
  const batchSize = options.batchSize ?? 32;
  const hashes = texts.map((text) => textHash(embedder.modelId, text));
  const distinct = new Map<string, string>();
  hashes.forEach((hash, i) => {
    if (!distinct.has(hash)) distinct.set(hash, texts[i]);
  });
  const known = new Map<string, Float32Array>();
  if (options.cache) {
    // A stored vector of another width is stale (the model changed under the same id): re-embed it.
    for (const [hash, vector] of await options.cache.get([...distinct.keys()])) {
      if (vector.length === embedder.dimension) known.set(hash, vector);
    }
  }
  const fromCache = known.size;
  // Characters stand in for tokens: close enough to group lengths, and free.
  const missing = [...distinct]
    .filter(([hash]) => !known.has(hash))
    .map((entry, order) => ({ entry, order }))
    .sort((a, b) => a.entry[1].length - b.entry[1].length || a.order - b.order)
    .map(({ entry }) => entry);
  for (let start = 0; start < missing.length; start += batchSize) {
    const batch = missing.slice(start, start + batchSize);
    const vectors = await embedder.embedBatch(batch.map(([, text]) => text));
    const fresh = new Map<string, Float32Array>();
    batch.forEach(([hash], i) => {
      fresh.set(hash, vectors[i]);
      known.set(hash, vectors[i]);
    });
    await options.cache?.set(fresh);
  }
  const dimension = embedder.dimension;
  const data = new Float32Array(texts.length * dimension);
  hashes.forEach((hash, i) => {
    const vector = known.get(hash);
    if (!vector) throw new Error(`no embedding for text ${i}`);
    data.set(vector, i * dimension);
  });
  return { vectors: { rows: texts.length, cols: dimension, data }, embedded: missing.length, fromCache };
}
