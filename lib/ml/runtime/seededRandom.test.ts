import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';

describe('createSeededRandom', () => {
  it('repeats the same stream for the same seed and differs for another seed', () => {
    const a = createSeededRandom(42);
    const b = createSeededRandom(42);
    const c = createSeededRandom(43);
    const streamA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(streamA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(streamA);
  });

  it('gives another sequence on another stream of the same seed', () => {
    const first = createSeededRandom(42, 1);
    const second = createSeededRandom(42, 2);
    const streamOne = Array.from({ length: 5 }, () => first.next());
    expect(Array.from({ length: 5 }, () => second.next())).not.toEqual(streamOne);
    expect(createSeededRandom(42, 0).next()).toBe(createSeededRandom(42).next());
  });

  it('draws whole numbers in [0, n) with int and in [min, max], both ends included, with intBetween', () => {
    const random = createSeededRandom(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const value = random.int(4);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(4);
      seen.add(random.intBetween(2, 5));
    }
    expect([...seen].sort()).toEqual([2, 3, 4, 5]);
  });

  it('draws uniform numbers with mean near 1/2 and normals with unit variance', () => {
    const random = createSeededRandom(7);
    let uniformSum = 0;
    let normalSum = 0;
    let normalSquares = 0;
    let lowest = 1;
    let highest = 0;
    const draws = 50_000;
    for (let i = 0; i < draws; i++) {
      const u = random.next();
      lowest = Math.min(lowest, u);
      highest = Math.max(highest, u);
      uniformSum += u;
      const z = random.normal();
      normalSum += z;
      normalSquares += z * z;
    }
    expect(lowest).toBeGreaterThanOrEqual(0);
    expect(highest).toBeLessThan(1);
    expect(uniformSum / draws).toBeCloseTo(0.5, 2);
    expect(normalSum / draws).toBeCloseTo(0, 1);
    expect(normalSquares / draws).toBeCloseTo(1, 1);
  });

  it('samples distinct sorted indexes within range', () => {
    const sample = createSeededRandom(1).sampleIndexes(1000, 100);
    expect(sample.length).toBe(100);
    expect(new Set(sample).size).toBe(100);
    for (let i = 1; i < sample.length; i++) expect(sample[i]).toBeGreaterThan(sample[i - 1]);
    expect(sample[99]).toBeLessThan(1000);
    expect(Array.from(createSeededRandom(1).sampleIndexes(5, 10))).toEqual([0, 1, 2, 3, 4]);
  });
});
