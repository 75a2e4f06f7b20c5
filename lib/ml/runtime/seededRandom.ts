/**
 * The project's one seedable pseudo-random generator (sfc32), used by the pipeline stages, the
 * demo shop, the scripts and the tests, so every result can be reproduced from its seed.
 * Math.random cannot be seeded, and the stages draw millions of numbers. It is the demo's
 * generator: the demo files that benchmarks and the README quote stay byte for byte the same.
 */
export interface SeededRandom {
  /** uniform in [0, 1) */
  next(): number;
  /** uniform integer in [0, n) */
  int(n: number): number;
  /** uniform integer in [min, max], both included */
  intBetween(min: number, max: number): number;
  /** uniform in [min, max) */
  uniform(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(values: readonly T[]): T;
  /** shuffles in place (Fisher-Yates) and returns the same array, typed arrays included */
  shuffle<A extends { length: number; [index: number]: unknown }>(values: A): A;
  /** index drawn in proportion to the weights */
  weightedIndex(weights: readonly number[]): number;
  /** standard normal (Box-Muller, two uniform draws each) */
  normal(): number;
  /** Poisson-distributed count; fine for small means */
  poisson(mean: number): number;
  /** `count` distinct indexes from [0, n), in increasing order */
  sampleIndexes(n: number, count: number): Int32Array;
}

/** Mixes a seed and a stream number into one well-spread 32-bit state word (splitmix32). */
function mix(seed: number, stream: number): number {
  let z = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(stream | 0, 0x85ebca6b) ^ 0x6a09e667) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/**
 * sfc32 seeded from (seed, stream). Streams give independent sequences under one seed: the demo
 * draws each user from its own stream, so one user's events do not depend on how many numbers
 * earlier users consumed.
 */
export function createSeededRandom(seed: number, stream = 0): SeededRandom {
  let a = mix(seed, stream);
  let b = mix(a, 0x1b873593);
  let c = mix(b, 0xcc9e2d51);
  let d = 1;
  const next = (): number => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();

  const int = (n: number): number => Math.floor(next() * n);

  const sampleIndexes = (n: number, count: number): Int32Array => {
    if (count >= n) return Int32Array.from({ length: n }, (_, i) => i);
    // Floyd's algorithm: exactly `count` distinct draws without materialising [0, n).
    const chosen = new Set<number>();
    for (let j = n - count; j < n; j++) {
      const candidate = int(j + 1);
      chosen.add(chosen.has(candidate) ? j : candidate);
    }
    return Int32Array.from(chosen).sort();
  };

  return {
    next,
    int,
    intBetween: (min, max) => min + Math.floor(next() * (max - min + 1)),
    uniform: (min, max) => min + next() * (max - min),
    chance: (probability) => next() < probability,
    pick: (values) => values[Math.floor(next() * values.length)],
    shuffle: (values) => {
      for (let i = values.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [values[i], values[j]] = [values[j], values[i]];
      }
      return values;
    },
    weightedIndex: (weights) => {
      let total = 0;
      for (const weight of weights) total += weight;
      let target = next() * total;
      for (let i = 0; i < weights.length; i++) {
        target -= weights[i];
        if (target < 0) return i;
      }
      return weights.length - 1;
    },
    normal: () => {
      const u = 1 - next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    poisson: (mean) => {
      const limit = Math.exp(-mean);
      let count = 0;
      let product = next();
      while (product > limit) {
        count++;
        product *= next();
      }
      return count;
    },
    sampleIndexes,
  };
}
