/**
 * The Gaussian hypergeometric function ₂F₁(a, b; c; z) for 0 ≤ z < 1, summed as its power series
 * until a term no longer changes the sum. BG/NBD's conditional expectation evaluates it at
 * z = t / (α + T + t), which stays well below 1 for horizons of the order of the history.
 */
export function hypergeometric2F1(a: number, b: number, c: number, z: number, maxTerms = 100_000): number {
  if (z < 0 || z >= 1) throw new Error(`2F1 series needs 0 <= z < 1, got ${z}`);
  let term = 1;
  let sum = 1;
  for (let n = 0; n < maxTerms; n++) {
    term *= ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    sum += term;
    if (Math.abs(term) <= 1e-14 * Math.abs(sum)) return sum;
  }
  return sum;
}
