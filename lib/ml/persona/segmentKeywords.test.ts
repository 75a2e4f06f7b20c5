import { describe, expect, it } from 'vitest';
import { segmentKeywords } from './segmentKeywords';

describe('segmentKeywords', () => {
  it('finds the planted topic of each segment over a term every segment shares', () => {
    const users = [
      ['coffee', 'espresso', 'price'],
      ['espresso', 'coffee', 'grinder'],
      ['coffee', 'price'],
      ['tent', 'hiking', 'price'],
      ['hiking', 'boots', 'tent'],
    ];
    const keywords = segmentKeywords(users, Int32Array.from([0, 0, 0, 1, 1]), 2);
    expect(keywords).toHaveLength(2);
    expect(keywords[0].slice(0, 2).map((keyword) => keyword.term)).toEqual(['coffee', 'espresso']);
    expect(
      keywords[1]
        .slice(0, 2)
        .map((keyword) => keyword.term)
        .sort(),
    ).toEqual(['hiking', 'tent']);
    const price = keywords[0].find((keyword) => keyword.term === 'price');
    expect(price?.weight).toBeLessThan(keywords[0][1].weight);
  });

  it('counts terms without regard to case and keeps at most eight per segment', () => {
    const terms = Array.from({ length: 12 }, (_, index) => `term${index}`);
    const keywords = segmentKeywords([['Coffee', 'coffee', ...terms], ['tea']], Int32Array.from([0, 1]), 2);
    expect(keywords[0]).toHaveLength(8);
    expect(keywords[0][0].term).toBe('coffee');
  });
});
