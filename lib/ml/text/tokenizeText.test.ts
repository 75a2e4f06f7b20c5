import { describe, expect, it } from 'vitest';
import { tokenizeText } from './tokenizeText';

describe('tokenizeText', () => {
  it('keeps English content lemmas and drops stop words and punctuation', () => {
    expect(tokenizeText("I didn't like the phones, but the batteries were great!!!")).toEqual([
      'like',
      'phone',
      'battery',
      'great',
    ]);
  });

  it('segments Chinese into words and drops function words', () => {
    const terms = tokenizeText('我的手机电池是新的了');
    expect(terms).toContain('手机');
    expect(terms).toContain('电池');
    for (const stopWord of ['我', '的', '是', '了']) expect(terms).not.toContain(stopWord);
  });

  it('drops function words of other Latin-script languages', () => {
    expect(tokenizeText('Le produit est arrivé cassé et le service est nul')).toEqual([
      'produit',
      'arrivé',
      'cassé',
      'service',
      'nul',
    ]);
  });

  it('returns nothing for text without words', () => {
    expect(tokenizeText('!!! 123')).toEqual([]);
  });
});
