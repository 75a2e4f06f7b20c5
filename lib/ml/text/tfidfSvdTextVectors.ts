import { type SparseRows, truncatedSvd } from '@/lib/ml/embed/behaviourEmbedding';
import type { DenseMatrix } from '@/lib/ml/types';
import { documentFrequency, type TermMatrix } from './termMatrix';

export interface TfidfSvdOptions {
  /** width of the vectors (default 32); zero-padded when the vocabulary has lower rank */
  dimensions?: number;
  /** terms used by fewer users say nothing about similarity between users (default 2) */
  minUsersPerTerm?: number;
  seed?: number;
}

/** The vocabulary, weights and directions of a TF-IDF + SVD fit, to give other users vectors the same way. */
export interface TfidfSvdModel {
  dimensions: number;
  /** the kept terms, in column order */
  terms: string[];
  idf: Float32Array;
  /** terms x dimensions, row-major */
  components: Float32Array;
}

/**
 * Text vectors without a neural model (latent semantic analysis): each user's terms weighted
 * by sublinear TF-IDF, L2-normalised, reduced by seeded randomized truncated SVD, and each
 * resulting vector L2-normalised again so it is comparable with mean sentence embeddings.
 * Users with no (kept) terms get a zero vector.
 */
export function tfidfSvdTextVectors(userTerms: TermMatrix, options: TfidfSvdOptions = {}): DenseMatrix {
  return fitTfidfSvdTextVectors(userTerms, options).vectors;
}

/** tfidfSvdTextVectors, with the fitted model beside the vectors. */
export function fitTfidfSvdTextVectors(
  userTerms: TermMatrix,
  options: TfidfSvdOptions = {},
): { vectors: DenseMatrix; model: TfidfSvdModel } {
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

  const terms: string[] = [];
  const idf = new Float32Array(kept);
  for (let term = 0; term < frequency.length; term++) {
    if (keptColumn[term] < 0) continue;
    terms.push(userTerms.vocabulary[term]);
    idf[keptColumn[term]] = Math.log((1 + userTerms.rows) / (1 + frequency[term])) + 1;
  }
  const data = new Float32Array(userTerms.rows * dimensions);
  if (kept === 0 || userTerms.rows === 0) {
    return {
      vectors: { rows: userTerms.rows, cols: dimensions, data },
      model: { dimensions, terms, idf, components: new Float32Array(kept * dimensions) },
    };
  }
  const weighted: SparseRows = {
    rows: userTerms.rows,
    cols: kept,
    rowStart,
    column: Int32Array.from(column),
    value: Float64Array.from(value),
  };
  const svd = truncatedSvd(weighted, dimensions, { seed: options.seed ?? 0 });
  const reduced = svd.matrix;
  for (let row = 0; row < reduced.rows; row++) {
    let norm = 0;
    for (let d = 0; d < dimensions; d++) norm += reduced.data[row * dimensions + d] ** 2;
    if (norm === 0) continue;
    const scale = 1 / Math.sqrt(norm);
    for (let d = 0; d < dimensions; d++) data[row * dimensions + d] = reduced.data[row * dimensions + d] * scale;
  }
  return {
    vectors: { rows: userTerms.rows, cols: dimensions, data },
    model: { dimensions, terms, idf, components: svd.components },
  };
}

/** Vectors for users' terms from a fitted model; terms outside its vocabulary are left out. */
export function applyTfidfSvdTextVectors(
  termsPerUser: readonly (readonly string[])[],
  model: TfidfSvdModel,
): DenseMatrix {
  return projectTermCounts(
    termsPerUser.map((terms) => countTerms(terms, model)),
    model,
  );
}

/** How often each of the model's terms occurs in `terms`, in the order they first occur, going on from `start`. */
export function countTerms(
  terms: readonly string[],
  model: Pick<TfidfSvdModel, 'terms'>,
  start?: Map<number, number>,
): Map<number, number> {
  const columnOf = termColumns(model);
  const counts = new Map(start ?? []);
  for (const term of terms) {
    const column = columnOf.get(term);
    if (column !== undefined) counts.set(column, (counts.get(column) ?? 0) + 1);
  }
  return counts;
}

/** Row `row` of a term matrix as countTerms would count its terms: per column of the model's vocabulary. */
export function countTermMatrixRow(
  matrix: TermMatrix,
  row: number,
  model: Pick<TfidfSvdModel, 'terms'>,
): Map<number, number> {
  const columnOf = termColumns(model);
  const counts = new Map<number, number>();
  for (let entry = matrix.rowStart[row]; entry < matrix.rowStart[row + 1]; entry++) {
    const column = columnOf.get(matrix.vocabulary[matrix.columns[entry]]);
    if (column !== undefined) counts.set(column, (counts.get(column) ?? 0) + matrix.counts[entry]);
  }
  return counts;
}

const termColumnCache = new WeakMap<object, Map<string, number>>();

function termColumns(model: Pick<TfidfSvdModel, 'terms'>): Map<string, number> {
  let columns = termColumnCache.get(model);
  if (!columns) {
    columns = new Map(model.terms.map((term, column) => [term, column]));
    termColumnCache.set(model, columns);
  }
  return columns;
}

/** Users' term counts as sublinear tf-idf, normalised, projected on the model's directions and normalised again. */
export function projectTermCounts(countsPerUser: readonly Map<number, number>[], model: TfidfSvdModel): DenseMatrix {
  const { dimensions, components, idf } = model;
  const data = new Float32Array(countsPerUser.length * dimensions);
  countsPerUser.forEach((counts, row) => {
    let norm = 0;
    for (const [column, count] of counts) norm += ((1 + Math.log(count)) * idf[column]) ** 2;
    if (norm === 0) return;
    const offset = row * dimensions;
    for (const [column, count] of counts) {
      const weight = ((1 + Math.log(count)) * idf[column]) / Math.sqrt(norm);
      for (let d = 0; d < dimensions; d++) data[offset + d] += weight * components[column * dimensions + d];
    }
    let length = 0;
    for (let d = 0; d < dimensions; d++) length += data[offset + d] ** 2;
    if (length === 0) return;
    const scale = 1 / Math.sqrt(length);
    for (let d = 0; d < dimensions; d++) data[offset + d] *= scale;
  });
  return { rows: countsPerUser.length, cols: dimensions, data };
}
