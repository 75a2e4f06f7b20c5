/**
 * Which of a user's own items contributes most to an ALS score, given the item's factors already
 * solved against the user's system (`explained`): the item behind "because you chose ...", or -1
 * when none contributes positively.
 */
export function strongestSourceItem(
  explained: Float64Array,
  itemFactors: ArrayLike<number>,
  factors: number,
  sources: ArrayLike<number>,
): number {
  let best = -1;
  let bestContribution = 0;
  for (let s = 0; s < sources.length; s++) {
    const source = sources[s];
    let contribution = 0;
    for (let d = 0; d < factors; d++) contribution += explained[d] * itemFactors[source * factors + d];
    if (contribution > bestContribution) {
      best = source;
      bestContribution = contribution;
    }
  }
  return best;
}
