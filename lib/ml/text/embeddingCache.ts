import { createHash } from 'node:crypto';

/** Where text embeddings are kept between runs, keyed by textHash(model, text). */
export interface EmbeddingCache {
  get(hashes: string[]): Promise<Map<string, Float32Array>>;
  set(entries: Map<string, Float32Array>): Promise<void>;
}

/** sha256 of the model id and the text, so a new model never reuses another model's vectors. */
export function textHash(model: string, text: string): string {
  return createHash('sha256').update(model).update('\u0000').update(text).digest('hex');
}

export function createMemoryEmbeddingCache(): EmbeddingCache & { size(): number } {
  const entries = new Map<string, Float32Array>();
  return {
    async get(hashes) {
      const found = new Map<string, Float32Array>();
      for (const hash of hashes) {
        const vector = entries.get(hash);
        if (vector) found.set(hash, vector);
      }
      return found;
    },
    async set(newEntries) {
      for (const [hash, vector] of newEntries) if (!entries.has(hash)) entries.set(hash, vector);
    },
    size: () => entries.size,
  };
}
