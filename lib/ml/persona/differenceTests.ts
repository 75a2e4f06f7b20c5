/**
 * Tests of whether a segment differs from the rest of the population, so a persona quotes only
 * differences that are both large enough to matter (effect size) and unlikely to be noise
 * (p-value). Callers correct p for the number of comparisons they make (Bonferroni).
 */

export interface DifferenceTest {
  /** Cohen's d (means) or Cohen's h (proportions): the size of the difference, signed */
  effect: number;
  /** two-sided p-value, uncorrected */
  p: number;
}

export interface SampleMoments {
  count: number;
  mean: number;
  /** unbiased sample variance; 0 for fewer than two values */
  variance: number;
}

export function sampleMoments(values: ArrayLike<number>): SampleMoments {
  let count = 0;
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (Number.isNaN(value)) continue;
    count++;
    const delta = value - mean;
    mean += delta / count;
    m2 += delta * (value - mean);
  }
  return { count, mean, variance: count > 1 ? m2 / (count - 1) : 0 };
}

/** Welch's unequal-variance t-test of a against b, with Cohen's d on the pooled standard deviation. */
export function welchTest(a: SampleMoments, b: SampleMoments): DifferenceTest {
  if (a.count < 2 || b.count < 2) return { effect: 0, p: 1 };
  const difference = a.mean - b.mean;
  const pooled = Math.sqrt(((a.count - 1) * a.variance + (b.count - 1) * b.variance) / (a.count + b.count - 2));
  const standardError2 = a.variance / a.count + b.variance / b.count;
  if (standardError2 <= 1e-300) {
    // Both groups constant: any difference is certain, none is nothing.
    const differs = Math.abs(difference) > 1e-12 * Math.max(1, Math.abs(a.mean), Math.abs(b.mean));
    return { effect: differs ? Math.sign(difference) * Number.POSITIVE_INFINITY : 0, p: differs ? 0 : 1 };
  }
  const t = difference / Math.sqrt(standardError2);
  const freedom =
    standardError2 ** 2 / ((a.variance / a.count) ** 2 / (a.count - 1) + (b.variance / b.count) ** 2 / (b.count - 1));
  const effect = pooled > 0 ? difference / pooled : Math.sign(difference) * Number.POSITIVE_INFINITY;
  return { effect, p: studentTwoSidedP(t, freedom) };
}

/**
 * Two-proportion z-test (pooled) of a's share against b's, with Cohen's h
 * (2 asin sqrt p1 - 2 asin sqrt p2) as the effect size.
 */
export function twoProportionTest(aHits: number, aCount: number, bHits: number, bCount: number): DifferenceTest {
  if (aCount === 0 || bCount === 0) return { effect: 0, p: 1 };
  const pa = aHits / aCount;
  const pb = bHits / bCount;
  const pooled = (aHits + bHits) / (aCount + bCount);
  const effect = 2 * Math.asin(Math.sqrt(pa)) - 2 * Math.asin(Math.sqrt(pb));
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / aCount + 1 / bCount));
  if (standardError === 0) return { effect, p: pa === pb ? 1 : 0 };
  return { effect, p: Math.min(1, 2 * normalUpperTail(Math.abs(pa - pb) / standardError)) };
}

/** P(|T| >= |t|) for Student's t with `freedom` degrees of freedom (regularised incomplete beta). */
export function studentTwoSidedP(t: number, freedom: number): number {
  if (!Number.isFinite(t)) return 0;
  if (freedom > 1e6) return Math.min(1, 2 * normalUpperTail(Math.abs(t)));
  return regularisedIncompleteBeta(freedom / (freedom + t * t), freedom / 2, 0.5);
}

/** P(Z >= z) for a standard normal Z. */
export function normalUpperTail(z: number): number {
  return 0.5 * complementaryErrorFunction(z / Math.SQRT2);
}

/** erfc with relative error below 1.2e-7 (Numerical Recipes, erfcc). */
function complementaryErrorFunction(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

function logGamma(x: number): number {
  const coefficients = [
    76.18009172947146, -86.50532032941678, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2,
    -0.5395239384953e-5,
  ];
  let y = x;
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let series = 1.000000000190015;
  for (const c of coefficients) series += c / ++y;
  return -tmp + Math.log((2.5066282746310007 * series) / x);
}

/** I_x(a, b) by Lentz's continued fraction (Numerical Recipes, betai). */
function regularisedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 3e-14) break;
  }
  return h;
}
