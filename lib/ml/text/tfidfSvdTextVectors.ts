import { type SparseRows, truncatedSvd } from '@/lib/ml/behaviourEmbedding';
import type { DenseMatrix } from '@/lib/ml/types';
import { documentFrequency, type TermMatrix } from './termMatrix';

export interface TfidfSvdOptions {
  /** width of the vectors (default 32); zero-padded when the vocabulary has lower rank */
  dimensions?: number;
  /** terms used by fewer users say nothing about similarity between users (default 2) */
  minUsersPerTerm?: number;
  seed?: number;
}

/**
 * Text vectors without a neural model (latent semantic analysis): each user's terms weighted
 * by sublinear TF-IDF, L2-normalised, reduced by seeded randomized truncated SVD, and each
 * resulting vector L2-normalised again so it is comparable with mean sentence embeddings.
 * Users with no (kept) terms get a zero vector.
 */
export function tfidfSvdTextVectors(userTerms: TermMatrix, options: TfidfSvdOptions = {}): DenseMatrix {
  const dimensions = options.dimensions ?? 32;
  const minUsers = options.minUsersPerTerm ?? 2;
  const frequency = documentFrequency(userTerms);
  const keptColumn = new Int32Array(frequency.length).fill(-1);
  let kept = 0;
  for (let term = 0; term < frequency.length; term++) if (frequency[term] >= minUsers) keptColumn[term] = kept++;

  const rowStart = new Int32Array(userTerms.rows + 1);
  const column: number[] = [];
  const value: number[] = [];
  for (let row = 0; row < userTerms.rows; row++) {
    const first = column.length;
    let norm = 0;
    for (let entry = userTerms.rowStart[row]; entry < userTerms.rowStart[row + 1]; entry++) {
      const term = userTerms.columns[entry];
      if (keptColumn[term] < 0) continue;
      const weight =
        (1 + Math.log(userTerms.counts[entry])) * (Math.log((1 + userTerms.rows) / (1 + frequency[term])) + 1);
      column.push(keptColumn[term]);
      value.push(weight);
      norm += weight * weight;
    }
    norm = Math.sqrt(norm) || 1;
    for (let i = first; i < value.length; i++) value[i] /= norm;
    rowStart[row + 1] = column.length;
  }

  const data = new Float32Array(userTerms.rows * dimensions);
  if (kept === 0 || userTerms.rows === 0) return { rows: userTerms.rows, cols: dimensions, data };
  const weighted: SparseRows = {
    rows: userTerms.rows,
    cols: kept,
    rowStart,
    column: Int32Array.from(column),
    value: Float64Array.from(value),
  };
  const reduced = truncatedSvd(weighted, dimensions, { seed: options.seed ?? 0 }).matrix;
  for (let row = 0; row < reduced.rows; row++) {
    let norm = 0;
    for (let d = 0; d < dimensions; d++) norm += reduced.data[row * dimensions + d] ** 2;
    if (norm === 0) continue;
    const scale = 1 / Math.sqrt(norm);
    for (let d = 0; d < dimensions; d++) data[row * dimensions + d] = reduced.data[row * dimensions + d] * scale;
  }
  return { rows: userTerms.rows, cols: dimensions, data };
}
