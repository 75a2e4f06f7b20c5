import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import { buildTermMatrix } from '@/lib/ml/text/termMatrix';
import { testedKeywords } from './testedKeywords';

describe('testedKeywords', () => {
  it("keeps a term a segment's texts use more often, and not one its heavy writers merely write more texts with", () => {
    const random = createSeededRandom(3);
    // segment 0: 100 users of 10 texts each; segment 1: 100 users of one text each
    const labels = Int32Array.from({ length: 200 }, (_, u) => (u < 100 ? 0 : 1));
    const texts = Int32Array.from(labels, (s) => (s === 0 ? 10 : 1));
    const termsPerUser = Array.from(labels, (s, u) => {
      const terms: string[] = [];
      for (let text = 0; text < texts[u]; text++) {
        if (random.next() < 0.3) terms.push('great');
        if (random.next() < (s === 0 ? 0.5 : 0.05)) terms.push('battery');
      }
      return terms;
    });
    const usersWithGreat = (s: number) =>
      termsPerUser.filter((terms, u) => labels[u] === s && terms.includes('great')).length;
    // counted per user, "great" would read as segment 0's word: nearly all its users wrote it
    expect(usersWithGreat(0)).toBeGreaterThan(2 * usersWithGreat(1));
    const tested = testedKeywords({ terms: buildTermMatrix(termsPerUser), texts }, labels, 2, 0.01);
    expect([...tested[0]]).toEqual(['battery']);
    expect([...tested[1]]).toEqual([]);
  });
});
