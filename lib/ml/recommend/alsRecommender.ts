import { choleskyInPlace, solveWithCholesky } from '@/lib/ml/recommend/choleskyDecomposition';
import type { FittedRecommender } from '@/lib/ml/recommend/recommender';
import { strongestSourceItem } from '@/lib/ml/recommend/strongestSourceItem';
import {
  itemUserCounts,
  transposeInteractions,
  type UserItemInteractions,
} from '@/lib/ml/recommend/userItemInteractions';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';

export interface AlsOptions {
  /** latent dimensions (default 32) */
  factors?: number;
  /** L2 penalty on every factor vector (default 1) */
  regularization?: number;
  /** confidence of an observed pair is 1 + alpha (default 10) */
  alpha?: number;
  /** alternating sweeps (default 15) */
  iterations?: number;
  /** conjugate-gradient steps per row and sweep (default 3) */
  cgSteps?: number;
  seed?: number;
}

/**
 * Implicit-feedback ALS (Hu, Koren & Volinsky 2008), each side solved by warm-started conjugate
 * gradient. Unobserved pairs have preference 0 and confidence 1, which the shared YᵀY term
 * covers, so a sweep costs O(cgSteps·(pairs·f + (users + items)·f²)). The explanation is the paper's: the score of
 * item i is Σ_j (1+α)·y_iᵀ·W_u·y_j over the user's items j, with W_u = (YᵀC_uY + λI)⁻¹.
 */
export function fitImplicitAls(train: UserItemInteractions, options: AlsOptions = {}): FittedRecommender {
  const factors = options.factors ?? 32;
  const regularization = options.regularization ?? 1;
  const alpha = options.alpha ?? 10;
  const iterations = options.iterations ?? 15;
  const cgSteps = options.cgSteps ?? 3;
  const seed = options.seed ?? 0;
  const { users, items, userStart, itemIndex } = train;
  const { itemStart, userIndex } = transposeInteractions(train);

  const random = createSeededRandom(seed);
  const userFactors = new Float64Array(users * factors);
  const itemFactors = new Float64Array(items * factors);
  for (let k = 0; k < itemFactors.length; k++) itemFactors[k] = random.normal() * 0.1;

  const gramProduct = new Float64Array(factors);
  const residual = new Float64Array(factors);
  const direction = new Float64Array(factors);
  for (let sweep = 0; sweep < iterations; sweep++) {
    solveSide(userFactors, users, userStart, itemIndex, itemFactors, items);
    solveSide(itemFactors, items, itemStart, userIndex, userFactors, users);
  }

  /**
   * Each row's system (YᵀY + λI + α·Σ_j y_j·y_jᵀ)·x = (1+α)·Σ_j y_j is solved by a few
   * conjugate-gradient steps warm-started from the previous sweep (Takács et al. 2011), which
   * costs O(f² + n_u·f) per step instead of the O(f³ + n_u·f²) of a direct solve.
   */
  function solveSide(
    target: Float64Array,
    rows: number,
    start: Int32Array,
    index: Int32Array,
    fixed: Float64Array,
    fixedRows: number,
  ): void {
    const gram = symmetricGramOf(fixed, fixedRows, factors);
    for (let r = 0; r < rows; r++) {
      const offset = r * factors;
      const from = start[r];
      const to = start[r + 1];
      if (from === to) {
        target.fill(0, offset, offset + factors);
        continue;
      }
      const x = target.subarray(offset, offset + factors);
      applySystem(gram, from, to, index, fixed, x, gramProduct);
      residual.fill(0);
      for (let p = from; p < to; p++) {
        const vector = index[p] * factors;
        for (let d = 0; d < factors; d++) residual[d] += (1 + alpha) * fixed[vector + d];
      }
      for (let d = 0; d < factors; d++) residual[d] -= gramProduct[d];
      direction.set(residual);
      let residualNorm = dot(residual, residual);
      for (let step = 0; step < cgSteps && residualNorm > 1e-12; step++) {
        applySystem(gram, from, to, index, fixed, direction, gramProduct);
        const stepSize = residualNorm / dot(direction, gramProduct);
        for (let d = 0; d < factors; d++) {
          x[d] += stepSize * direction[d];
          residual[d] -= stepSize * gramProduct[d];
        }
        const nextNorm = dot(residual, residual);
        for (let d = 0; d < factors; d++) direction[d] = residual[d] + (nextNorm / residualNorm) * direction[d];
        residualNorm = nextNorm;
      }
    }
  }

  function applySystem(
    gram: Float64Array,
    from: number,
    to: number,
    index: Int32Array,
    fixed: Float64Array,
    vector: Float64Array,
    out: Float64Array,
  ): void {
    for (let a = 0; a < factors; a++) {
      out[a] = regularization * vector[a] + dotProduct(gram, a * factors, vector, factors);
    }
    for (let p = from; p < to; p++) {
      const offset = index[p] * factors;
      const projection = alpha * dotProduct(fixed, offset, vector, factors);
      for (let d = 0; d < factors; d++) out[d] += projection * fixed[offset + d];
    }
  }

  const workspace = new Float64Array(factors * factors);
  const finalItemGram = symmetricGramOf(itemFactors, items, factors);
  /** The exact system matrix of one user, for explanations. */
  function buildUserSystem(user: number): void {
    workspace.set(finalItemGram);
    for (let d = 0; d < factors; d++) workspace[d * factors + d] += regularization;
    for (let p = userStart[user]; p < userStart[user + 1]; p++) {
      const vector = itemIndex[p] * factors;
      for (let a = 0; a < factors; a++) {
        const scaled = alpha * itemFactors[vector + a];
        const row = a * factors;
        for (let b = 0; b <= a; b++) workspace[row + b] += scaled * itemFactors[vector + b];
      }
    }
  }

  let explainedUser = -1;
  const explainVector = new Float64Array(factors);

  return {
    name: 'als',
    params: { factors, regularization, alpha, iterations, cgSteps, seed },
    trainedOn: train,
    itemModel: () => ({
      name: 'als',
      items,
      params: { factors, regularization, alpha, iterations, cgSteps, seed },
      factors,
      regularization,
      alpha,
      itemFactors: Float32Array.from(itemFactors),
      popularity: Float32Array.from(itemUserCounts(train)),
    }),
    scoreUser(user, scores) {
      const offset = user * factors;
      for (let i = 0; i < items; i++) {
        const vector = i * factors;
        let sum = 0;
        for (let d = 0; d < factors; d++) sum += userFactors[offset + d] * itemFactors[vector + d];
        scores[i] = sum;
      }
    },
    explain(user, item) {
      if (userStart[user] === userStart[user + 1]) return -1;
      if (explainedUser !== user) {
        buildUserSystem(user);
        choleskyInPlace(workspace, factors);
        explainedUser = user;
      }
      explainVector.set(itemFactors.subarray(item * factors, (item + 1) * factors));
      solveWithCholesky(workspace, factors, explainVector);
      return strongestSourceItem(
        explainVector,
        itemFactors,
        factors,
        itemIndex.subarray(userStart[user], userStart[user + 1]),
      );
    },
  };
}

/** VᵀV for the rows × f matrix V, both triangles filled. */
function symmetricGramOf(vectors: Float64Array, rows: number, factors: number): Float64Array {
  const gram = new Float64Array(factors * factors);
  for (let r = 0; r < rows; r++) {
    const offset = r * factors;
    for (let a = 0; a < factors; a++) {
      const value = vectors[offset + a];
      if (value === 0) continue;
      const row = a * factors;
      for (let b = 0; b <= a; b++) gram[row + b] += value * vectors[offset + b];
    }
  }
  for (let a = 0; a < factors; a++) {
    for (let b = 0; b < a; b++) gram[b * factors + a] = gram[a * factors + b];
  }
  return gram;
}

/**
 * Σ matrix[offset+d]·vector[d] for d < length, with four accumulators: the system products are
 * nearly all of ALS's time, and one accumulator would wait on every add.
 */
function dotProduct(matrix: Float64Array, offset: number, vector: Float64Array, length: number): number {
  let sum0 = 0;
  let sum1 = 0;
  let sum2 = 0;
  let sum3 = 0;
  let d = 0;
  for (; d + 3 < length; d += 4) {
    sum0 += matrix[offset + d] * vector[d];
    sum1 += matrix[offset + d + 1] * vector[d + 1];
    sum2 += matrix[offset + d + 2] * vector[d + 2];
    sum3 += matrix[offset + d + 3] * vector[d + 3];
  }
  for (; d < length; d++) sum0 += matrix[offset + d] * vector[d];
  return sum0 + sum1 + (sum2 + sum3);
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let d = 0; d < a.length; d++) sum += a[d] * b[d];
  return sum;
}
