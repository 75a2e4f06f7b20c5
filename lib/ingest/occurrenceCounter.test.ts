import { hash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { occurrenceFingerprint } from './eventFingerprint';
import { OccurrenceCounter } from './occurrenceCounter';

describe('OccurrenceCounter', () => {
  it('numbers each fingerprint by how often it has been seen, as a Map would, past many resizes', () => {
    const counter = new OccurrenceCounter();
    const seen = new Map<string, number>();
    const expected: number[] = [];
    const counted: number[] = [];
    for (let row = 0; row < 300_000; row++) {
      const fingerprint = hash('md5', String(row % 170_003), 'hex');
      seen.set(fingerprint, (seen.get(fingerprint) ?? 0) + 1);
      expected.push(seen.get(fingerprint) as number);
      counted.push(counter.count(fingerprint));
    }
    expect(counted).toEqual(expected);
  });

  it('starts small for a request of a few events and still grows as far as it must', () => {
    const counter = new OccurrenceCounter(3);
    const fingerprints = Array.from({ length: 5_000 }, (_, row) => hash('md5', String(row), 'hex'));
    expect(fingerprints.map((fingerprint) => counter.count(fingerprint)).every((count) => count === 1)).toBe(true);
    expect(fingerprints.map((fingerprint) => counter.count(fingerprint)).every((count) => count === 2)).toBe(true);
  });

  it('tells apart fingerprints that share their low 32 bits', () => {
    const counter = new OccurrenceCounter();
    expect(counter.count('00000000000000000000000012345678')).toBe(1);
    expect(counter.count('10000000000000000000000012345678')).toBe(1);
    expect(counter.count('00000000000000000000000012345678')).toBe(2);
  });

  it('keeps the plain fingerprint for the first of identical events and a distinct one per repeat', () => {
    const counter = new OccurrenceCounter();
    const plain = hash('md5', 'u1\x1fi1\x1fpurchase\x1f1437436800000\x1f\x1f', 'hex');
    const [first, second, third] = [1, 2, 3].map(() => counter.fingerprintOf(plain));
    expect(first).toBe(plain);
    expect(new Set([first, second, third]).size).toBe(3);
    expect(second).toBe(occurrenceFingerprint(plain, 2));
  });

  it('keeps its counts when room is reserved part-way, for fewer or more events than it holds', () => {
    const counter = new OccurrenceCounter(3);
    const fingerprints = Array.from({ length: 2_000 }, (_, row) => hash('md5', String(row), 'hex'));
    for (const fingerprint of fingerprints) counter.count(fingerprint);
    counter.reserve(10);
    counter.reserve(100_000);
    expect(fingerprints.map((fingerprint) => counter.count(fingerprint)).every((count) => count === 2)).toBe(true);
    expect(counter.count(hash('md5', 'new', 'hex'))).toBe(1);
  });
});
