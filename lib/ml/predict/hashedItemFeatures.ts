import type { UserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import type { DenseMatrix } from '@/lib/ml/types';

/**
 * Each user's distinct items counted into `buckets` columns by a hash of the item id, then
 * log(1 + count): a fixed-width view of raw item choices that needs no fitting and no vocabulary.
 */
export function hashedItemFeatures(
  interactions: UserItemInteractions,
  itemIds: string[],
  options: { buckets?: number; seed?: number } = {},
): DenseMatrix {
  const buckets = options.buckets ?? 64;
  const seed = options.seed ?? 0;
  const bucketOfItem = Int32Array.from(itemIds, (id) => fnv1a(id, seed) % buckets);
  const { users, userStart, itemIndex } = interactions;
  const data = new Float32Array(users * buckets);
  for (let u = 0; u < users; u++) {
    for (let p = userStart[u]; p < userStart[u + 1]; p++) data[u * buckets + bucketOfItem[itemIndex[p]]]++;
  }
  for (let k = 0; k < data.length; k++) data[k] = Math.log1p(data[k]);
  return { rows: users, cols: buckets, data };
}

/** 32-bit FNV-1a of the UTF-16 code units, with the seed folded into the offset basis. */
function fnv1a(text: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
