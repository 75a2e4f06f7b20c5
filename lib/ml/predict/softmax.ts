/**
 * The softmax of `outputs` scores starting at `from`, written to `out` from `at`: each score less
 * the largest before exp, so large scores cannot overflow.
 */
export function softmaxInto(
  scores: ArrayLike<number>,
  from: number,
  outputs: number,
  out: Float64Array,
  at: number,
): void {
  let largest = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < outputs; k++) largest = Math.max(largest, scores[from + k]);
  let total = 0;
  for (let k = 0; k < outputs; k++) total += Math.exp(scores[from + k] - largest);
  for (let k = 0; k < outputs; k++) out[at + k] = Math.exp(scores[from + k] - largest) / total;
}
