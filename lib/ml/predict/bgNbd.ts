import { hypergeometric2F1 } from '@/lib/ml/predict/hypergeometric2F1';
import { logGamma } from '@/lib/ml/predict/logGamma';
import { minimizeNelderMead } from '@/lib/ml/predict/minimizeNelderMead';

/**
 * BG/NBD (Fader, Hardie and Lee 2005, "Counting your customers the easy way"): while alive a
 * customer buys at Poisson rate λ ~ Gamma(r, α), and after each purchase drops out with
 * probability p ~ Beta(a, b).
 */
export interface BgNbdParameters {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** One customer as the model reads them: repeat purchases x, recency t_x and age T (same time unit). */
export interface RepeatPurchases {
  frequency: ArrayLike<number>;
  recency: ArrayLike<number>;
  age: ArrayLike<number>;
}

function logAddExp(x: number, y: number): number {
  const top = Math.max(x, y);
  return top + Math.log(Math.exp(x - top) + Math.exp(y - top));
}

/** Sum of the individual log-likelihoods (equation 6 of the paper). */
export function bgNbdLogLikelihood(params: BgNbdParameters, data: RepeatPurchases): number {
  const { r, alpha, a, b } = params;
  const shared = -logGamma(r) + r * Math.log(alpha) + logGamma(a + b) - logGamma(b);
  // the Gamma terms depend on x alone, and a purchase log has few distinct counts of repeat days
  const byCount = new Map<number, number>();
  let total = 0;
  for (let i = 0; i < data.frequency.length; i++) {
    const x = data.frequency[i];
    let countTerm = byCount.get(x);
    if (countTerm === undefined) {
      countTerm = logGamma(r + x) + logGamma(b + x) - logGamma(a + b + x);
      byCount.set(x, countTerm);
    }
    const a1 = countTerm + shared;
    const alive = -(r + x) * Math.log(alpha + data.age[i]);
    const droppedAfterLast =
      x > 0
        ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + data.recency[i])
        : Number.NEGATIVE_INFINITY;
    total += a1 + logAddExp(alive, droppedAfterLast);
  }
  return total;
}

/** Maximum likelihood by Nelder–Mead on the logarithms of the four parameters. */
export function fitBgNbd(data: RepeatPurchases): BgNbdParameters & { logLikelihood: number; converged: boolean } {
  const unpack = (theta: ArrayLike<number>): BgNbdParameters => ({
    r: Math.exp(theta[0]),
    alpha: Math.exp(theta[1]),
    a: Math.exp(theta[2]),
    b: Math.exp(theta[3]),
  });
  const n = data.frequency.length;
  let meanAge = 0;
  for (let i = 0; i < n; i++) meanAge += data.age[i] / n;
  const start = [0, Math.log(Math.max(1, meanAge / 4)), 0, 0];
  const objective = (theta: Float64Array) => -bgNbdLogLikelihood(unpack(theta), data) / n;
  let result = minimizeNelderMead(objective, start, { maxIterations: 3000, tolerance: 1e-10 });
  // a restart from the optimum rebuilds a simplex that may have collapsed along a ridge
  result = minimizeNelderMead(objective, result.x, { maxIterations: 3000, tolerance: 1e-10, step: 0.2 });
  return { ...unpack(result.x), logLikelihood: -result.value * n, converged: result.converged };
}

/**
 * Expected purchases in the next `t` time units of a customer with history (x, t_x, T), equation
 * 10 of the paper, with the Gaussian hypergeometric function ₂F₁. The closed form holds for any
 * a ≠ 1 (the paper's CDNOW fit has a = 0.79); at a = 1 exactly it is 0/0, so a is nudged off it.
 */
export function expectedPurchases(params: BgNbdParameters, x: number, recency: number, age: number, t: number): number {
  const { r, alpha, b } = params;
  const a = Math.abs(params.a - 1) < 1e-9 ? 1 + 1e-9 : params.a;
  const z = t / (alpha + age + t);
  const hyper = hypergeometric2F1(r + x, b + x, a + b + x - 1, z);
  const numerator = ((a + b + x - 1) / (a - 1)) * (1 - ((alpha + age) / (alpha + age + t)) ** (r + x) * hyper);
  const denominator = 1 + (x > 0 ? (a / (b + x - 1)) * ((alpha + age) / (alpha + recency)) ** (r + x) : 0);
  return numerator / denominator;
}

/** P(alive | x, t_x, T), equation 12 of the paper's note: how sure the model is the customer is still buying. */
export function probabilityAlive(params: BgNbdParameters, x: number, recency: number, age: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = params;
  return 1 / (1 + (a / (b + x - 1)) * ((alpha + age) / (alpha + recency)) ** (r + x));
}
