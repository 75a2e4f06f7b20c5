import type pg from 'pg';
import { getPool } from '@/lib/db/connection';
import type { EmbeddingCache } from '@/lib/ml/text/embeddingCache';

/** Rows per statement; 3 parameters each keeps far below Postgres' 65535-parameter limit. */
const insertChunk = 1000;
const selectChunk = 5000;

function toBytes(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

function fromBytes(bytes: Buffer): Float32Array {
  // Copy: a Buffer from pg may sit at an offset that is not 4-byte aligned.
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}

/**
 * The text_embeddings table as an embedding cache for one model, so a retrain never embeds
 * the same text twice. Vectors are stored as raw little-endian float32 bytes.
 */
export function createPostgresEmbeddingCache(model: string, pool: pg.Pool = getPool()): EmbeddingCache {
  return {
    async get(hashes) {
      const found = new Map<string, Float32Array>();
      for (let start = 0; start < hashes.length; start += selectChunk) {
        const chunk = hashes.slice(start, start + selectChunk);
        const result = await pool.query<{ text_hash: string; vector: Buffer }>(
          'SELECT text_hash, vector FROM text_embeddings WHERE model = $1 AND text_hash = ANY($2::text[])',
          [model, chunk],
        );
        for (const row of result.rows) found.set(row.text_hash, fromBytes(row.vector));
      }
      return found;
    },
    async set(entries) {
      const all = [...entries];
      for (let start = 0; start < all.length; start += insertChunk) {
        const chunk = all.slice(start, start + insertChunk);
        const placeholders = chunk.map((_, i) => `($1, $${2 * i + 2}, $${2 * i + 3})`).join(', ');
        const parameters: unknown[] = [model];
        for (const [hash, vector] of chunk) parameters.push(hash, toBytes(vector));
        await pool.query(
          `INSERT INTO text_embeddings (model, text_hash, vector) VALUES ${placeholders} ON CONFLICT DO NOTHING`,
          parameters,
        );
      }
    },
  };
}
