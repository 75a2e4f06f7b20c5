import { logGamma } from '@/lib/ml/predict/logGamma';
import { minimizeNelderMead } from '@/lib/ml/predict/minimizeNelderMead';

/**
 * Gamma–Gamma spend model (Fader and Hardie 2005, "The Gamma-Gamma model of monetary value"):
 * a customer's transaction values are Gamma(p, ν), and ν ~ Gamma(q, γ) across customers, so the
 * mean spend per transaction is shrunk from the customer's own average towards the population's.
 */
export interface GammaGammaParameters {
  p: number;
  q: number;
  gamma: number;
}

/**
 * Log-likelihood of customers with x > 0 repeat transactions of mean value m̄ (both > 0), up to
 * a term that does not depend on the parameters.
 */
export function gammaGammaLogLikelihood(
  params: GammaGammaParameters,
  frequency: ArrayLike<number>,
  meanSpend: ArrayLike<number>,
): number {
  const { p, q, gamma } = params;
  const shared = -logGamma(q) + q * Math.log(gamma);
  const byCount = new Map<number, number>();
  let total = 0;
  for (let i = 0; i < frequency.length; i++) {
    const x = frequency[i];
    const m = meanSpend[i];
    let countTerm = byCount.get(x);
    if (countTerm === undefined) {
      countTerm = logGamma(p * x + q) - logGamma(p * x);
      byCount.set(x, countTerm);
    }
    total +=
      countTerm + shared + (p * x - 1) * Math.log(m) + p * x * Math.log(x) - (p * x + q) * Math.log(x * m + gamma);
  }
  return total;
}

/** Maximum likelihood by Nelder–Mead on log p, log(q − 1) and log γ (the expected spend needs q > 1). */
export function fitGammaGamma(
  frequency: ArrayLike<number>,
  meanSpend: ArrayLike<number>,
): GammaGammaParameters & { converged: boolean } {
  const unpack = (theta: ArrayLike<number>): GammaGammaParameters => ({
    p: Math.exp(theta[0]),
    q: 1 + Math.exp(theta[1]),
    gamma: Math.exp(theta[2]),
  });
  const n = frequency.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += meanSpend[i] / n;
  const objective = (theta: Float64Array) => -gammaGammaLogLikelihood(unpack(theta), frequency, meanSpend) / n;
  let result = minimizeNelderMead(objective, [0, Math.log(2), Math.log(Math.max(1e-6, mean))], {
    maxIterations: 3000,
    tolerance: 1e-10,
  });
  result = minimizeNelderMead(objective, result.x, { maxIterations: 3000, tolerance: 1e-10, step: 0.2 });
  return { ...unpack(result.x), converged: result.converged };
}

/** E[M | x, m̄]: the population mean pγ/(q − 1) weighted against the customer's own mean by x. */
export function expectedSpendPerTransaction(params: GammaGammaParameters, x: number, meanSpend: number): number {
  const { p, q, gamma } = params;
  const populationMean = (p * gamma) / (q - 1);
  if (x <= 0) return populationMean;
  const weight = (p * x) / (p * x + q - 1);
  return (1 - weight) * populationMean + weight * meanSpend;
}
