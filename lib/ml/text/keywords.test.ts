import { describe, expect, it } from 'vitest';
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
