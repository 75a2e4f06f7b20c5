/**
 * Mean of the token vectors where the attention mask is set, then L2-normalised: what
 * transformers.js computes for pooling 'mean' with normalize true, over flat typed arrays.
 * (Its generic tensor version took about a third of the whole embedding time.)
 * hidden is batch x length x width, row-major; mask is batch x length.
 */
export function meanPoolNormalised(
  hidden: Float32Array,
  mask: ArrayLike<number | bigint>,
  batch: number,
  length: number,
  width: number,
): Float32Array[] {
  const vectors: Float32Array[] = [];
  for (let row = 0; row < batch; row++) {
    const sum = new Float64Array(width);
    let count = 0;
    for (let position = 0; position < length; position++) {
      if (Number(mask[row * length + position]) === 0) continue;
      count++;
      const offset = (row * length + position) * width;
      for (let d = 0; d < width; d++) sum[d] += hidden[offset + d];
    }
    const vector = new Float32Array(width);
    let norm = 0;
    for (let d = 0; d < width; d++) {
      const mean = count > 0 ? sum[d] / count : 0;
      vector[d] = mean;
      norm += mean * mean;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (let d = 0; d < width; d++) vector[d] /= norm;
    vectors.push(vector);
  }
  return vectors;
}
