/**
 * The k best items by score, skipping `excluded` (item indexes) and items scored −∞ or NaN.
 * Ties are broken by `tieBreak` (popularity, so a model with nothing to say about a user falls
 * back to popular items rather than to catalogue order), then by lower index.
 * Overwrites the excluded entries of `scores` with −∞.
 */
export function selectTopItems(
  scores: Float32Array,
  k: number,
  excluded: ArrayLike<number>,
  tieBreak?: Float32Array,
): Int32Array {
  for (let e = 0; e < excluded.length; e++) scores[excluded[e]] = Number.NEGATIVE_INFINITY;
  const chosen = new Int32Array(k);
  let size = 0;
  const better = (a: number, b: number): boolean => {
    if (scores[a] !== scores[b]) return scores[a] > scores[b];
    if (tieBreak && tieBreak[a] !== tieBreak[b]) return tieBreak[a] > tieBreak[b];
    return a < b;
  };
  for (let item = 0; item < scores.length; item++) {
    const score = scores[item];
    if (!(score > Number.NEGATIVE_INFINITY)) continue;
    // most items score below the k-th best: settle those without the tie-break
    if (size === k && score < scores[chosen[k - 1]]) continue;
    if (size === k && !better(item, chosen[k - 1])) continue;
    let position = size < k ? size++ : k - 1;
    while (position > 0 && better(item, chosen[position - 1])) {
      chosen[position] = chosen[position - 1];
      position--;
    }
    chosen[position] = item;
  }
  return chosen.slice(0, size);
}
