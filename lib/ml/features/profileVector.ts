import type { DenseMatrix } from '@/lib/ml/types';

export interface ProfileBlock {
  /** e.g. "behaviour", "embedding", "text" */
  name: string;
  matrix: DenseMatrix;
  /** share of the total variance this block gets (default 1) */
  weight?: number;
}

export interface BlockLayout {
  name: string;
  /** first column of the block in the profile vector */
  start: number;
  width: number;
  weight: number;
  /** factor the centred block was multiplied by */
  scale: number;
}

/**
 * One profile vector per user from several blocks (behaviour features, behaviour embedding, text
 * embedding, ...). Each block is centred and scaled so its total variance equals its weight:
 * otherwise a 384-wide text embedding would drown 26 behaviour features in every distance, and a
 * block's influence would depend on its width and units instead of on the weight chosen for it.
 */
export function buildProfileVector(blocks: (ProfileBlock | null | undefined)[]): {
  matrix: DenseMatrix;
  layout: BlockLayout[];
  /** per block, the column means it was centred on (with layout, what applyProfileVector needs) */
  centres: Float32Array[];
} {
  const present = blocks.filter((block): block is ProfileBlock => block != null && block.matrix.cols > 0);
  if (present.length === 0) throw new RangeError('a profile needs at least one non-empty block');
  const rows = present[0].matrix.rows;
  for (const block of present) {
    if (block.matrix.rows !== rows) {
      throw new RangeError(`block ${block.name} has ${block.matrix.rows} rows, expected ${rows}`);
    }
  }
  const cols = present.reduce((sum, block) => sum + block.matrix.cols, 0);
  const data = new Float32Array(rows * cols);
  const layout: BlockLayout[] = [];
  const centres: Float32Array[] = [];
  let start = 0;
  for (const block of present) {
    const { cols: width, data: source } = block.matrix;
    const weight = block.weight ?? 1;
    const means = new Float64Array(width);
    for (let i = 0; i < rows; i++) for (let t = 0; t < width; t++) means[t] += source[i * width + t];
    for (let t = 0; t < width; t++) means[t] /= rows;
    let totalVariance = 0;
    for (let i = 0; i < rows; i++) {
      for (let t = 0; t < width; t++) totalVariance += (source[i * width + t] - means[t]) ** 2;
    }
    totalVariance /= rows;
    const scale = totalVariance > 0 ? Math.sqrt(weight / totalVariance) : 0;
    for (let i = 0; i < rows; i++) {
      const target = i * cols + start;
      for (let t = 0; t < width; t++) data[target + t] = (source[i * width + t] - means[t]) * scale;
    }
    layout.push({ name: block.name, start, width, weight, scale });
    centres.push(Float32Array.from(means));
    start += width;
  }
  return { matrix: { rows, cols, data }, layout, centres };
}

/**
 * Profile vectors for other users on a fitted layout: each block centred on the fitted means and
 * multiplied by the fitted scale, so new users land in the space the segments were found in.
 * `blocks` are matched to the layout by name.
 */
export function applyProfileVector(
  blocks: Record<string, DenseMatrix>,
  layout: BlockLayout[],
  centres: ArrayLike<number>[],
): DenseMatrix {
  const cols = layout.reduce((sum, block) => sum + block.width, 0);
  const rows = Object.values(blocks)[0]?.rows ?? 0;
  const data = new Float32Array(rows * cols);
  layout.forEach((block, b) => {
    const matrix = blocks[block.name];
    if (!matrix) throw new RangeError(`no ${block.name} block for the profile layout`);
    if (matrix.cols !== block.width || matrix.rows !== rows) {
      throw new RangeError(`block ${block.name} is ${matrix.rows} x ${matrix.cols}, expected ${rows} x ${block.width}`);
    }
    const centre = centres[b];
    for (let i = 0; i < rows; i++) {
      const target = i * cols + block.start;
      for (let t = 0; t < block.width; t++) {
        data[target + t] = (matrix.data[i * block.width + t] - centre[t]) * block.scale;
      }
    }
  });
  return { rows, cols, data };
}
