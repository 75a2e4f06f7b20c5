/**
 * A small, fast, seedable pseudo-random generator (mulberry32) so every pipeline stage can be
 * reproduced from its seed. Math.random cannot be seeded, and the stages draw millions of numbers.
 */
export interface SeededRandom {
  /** uniform in [0, 1) */
  next(): number;
  /** uniform integer in [0, n) */
  int(n: number): number;
  /** standard normal (Box-Muller) */
  normal(): number;
  /** `count` distinct indexes from [0, n), in increasing order */
  sampleIndexes(n: number, count: number): Int32Array;
}

export function createSeededRandom(seed: number): SeededRandom {
  let state = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  let spareNormal: number | null = null;

  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const int = (n: number): number => Math.floor(next() * n);

  const normal = (): number => {
    if (spareNormal !== null) {
      const value = spareNormal;
      spareNormal = null;
      return value;
    }
    let u = next();
    while (u === 0) u = next();
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * next();
    spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };

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

  return { next, int, normal, sampleIndexes };
}
