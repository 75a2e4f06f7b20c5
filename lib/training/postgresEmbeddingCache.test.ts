import { afterAll, describe, expect, it } from 'vitest';
import { closePools, getPool } from '@/lib/db/connection';
import { textHash } from '@/lib/ml/text/embeddingCache';
import { createPostgresEmbeddingCache } from './postgresEmbeddingCache';

afterAll(async () => {
  await getPool().query("DELETE FROM text_embeddings WHERE model LIKE 'cache-test-%'");
  await closePools();
});

describe('createPostgresEmbeddingCache', () => {
  it('stores vectors bit-for-bit and finds them again by hash', async () => {
    const cache = createPostgresEmbeddingCache('cache-test-a');
    const vector = Float32Array.from([0.25, -1.5, Math.PI, 1e-7]);
    const hash = textHash('cache-test-a', 'hello');
    await cache.set(new Map([[hash, vector]]));
    const found = await cache.get([hash, textHash('cache-test-a', 'never stored')]);
    expect(found.size).toBe(1);
    expect(Array.from(found.get(hash) ?? [])).toEqual(Array.from(vector));
  });

  it('keeps the first vector when the same hash is stored again', async () => {
    const cache = createPostgresEmbeddingCache('cache-test-b');
    const hash = textHash('cache-test-b', 'same text');
    await cache.set(new Map([[hash, Float32Array.from([1, 2])]]));
    await cache.set(new Map([[hash, Float32Array.from([9, 9])]]));
    expect(Array.from((await cache.get([hash])).get(hash) ?? [])).toEqual([1, 2]);
  });

  it('keeps models apart', async () => {
    const hash = textHash('shared', 'text');
    await createPostgresEmbeddingCache('cache-test-c').set(new Map([[hash, Float32Array.from([1])]]));
    expect((await createPostgresEmbeddingCache('cache-test-d').get([hash])).size).toBe(0);
  });

  it('writes and reads more rows than one statement holds', async () => {
    const cache = createPostgresEmbeddingCache('cache-test-e');
    const entries = new Map<string, Float32Array>();
    for (let i = 0; i < 2500; i++) entries.set(textHash('cache-test-e', `text ${i}`), Float32Array.from([i, -i]));
    await cache.set(entries);
    const found = await cache.get([...entries.keys()]);
    expect(found.size).toBe(2500);
    expect(Array.from(found.get(textHash('cache-test-e', 'text 2499')) ?? [])).toEqual([2499, -2499]);
  });
});
