import { describe, expect, it } from 'vitest';
import { segmentKeywords } from './segmentKeywords';
import { buildTermMatrix } from './termMatrix';
import { userKeywords } from './userKeywords';

describe('userKeywords', () => {
  it('ranks a user-specific term above one every user shares', () => {
    const matrix = buildTermMatrix([
      ['delivery', 'delivery', 'espresso', 'espresso', 'espresso'],
      ['delivery', 'novel', 'novel'],
      ['delivery', 'tent'],
    ]);
    const keywords = userKeywords(matrix, 2);
    expect(keywords[0].map((keyword) => keyword.term)).toEqual(['espresso', 'delivery']);
    expect(keywords[1][0].term).toBe('novel');
    expect(keywords[2][0].term).toBe('tent');
    expect(keywords[0][0].weight).toBeGreaterThan(keywords[0][1].weight);
  });

  it('gives users without terms an empty list', () => {
    expect(userKeywords(buildTermMatrix([[], ['tea']]))[0]).toEqual([]);
  });
});

describe('segmentKeywords', () => {
  it('finds the planted topic of each segment and ignores unlabelled users', () => {
    const users = [
      ['coffee', 'espresso', 'price'],
      ['espresso', 'coffee', 'grinder'],
      ['coffee', 'price'],
      ['tent', 'hiking', 'price'],
      ['hiking', 'boots', 'tent'],
      ['spam', 'spam', 'spam', 'spam'],
    ];
    const labels = Int32Array.from([0, 0, 0, 1, 1, -1]);
    const keywords = segmentKeywords(buildTermMatrix(users), labels, { topN: 2 });
    expect(keywords).toHaveLength(2);
    expect(keywords[0].map((keyword) => keyword.term)).toEqual(['coffee', 'espresso']);
    expect(keywords[1].map((keyword) => keyword.term).sort()).toEqual(['hiking', 'tent']);
    expect(keywords.flat().map((keyword) => keyword.term)).not.toContain('spam');
  });

  it('drops terms fewer than minUsers users of the segment used', () => {
    const users = [['coffee', 'grinder', 'grinder', 'grinder'], ['coffee'], ['tent']];
    const keywords = segmentKeywords(buildTermMatrix(users), Int32Array.from([0, 0, 1]), { minUsers: 2 });
    expect(keywords[0].map((keyword) => keyword.term)).toEqual(['coffee']);
  });

  it('rejects labels of the wrong length', () => {
    expect(() => segmentKeywords(buildTermMatrix([['a']]), Int32Array.from([0, 1]))).toThrow(/labels/);
  });
});
