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
    const terms = tokenizeText('我的手机是新的了，电池很好');
    expect(terms).toContain('手机');
    expect(terms).toContain('电池');
    for (const stopWord of ['我', '的', '是', '了', '很']) expect(terms).not.toContain(stopWord);
  });

  it('keeps Chinese brand and product names whole', () => {
    const terms = tokenizeText('蒙牛牛奶很好喝，这个热水器非常好用，华为手机不错');
    for (const word of ['蒙牛', '牛奶', '热水器', '华为', '手机']) expect(terms).toContain(word);
    for (const piece of ['蒙', '牛', '热水', '器', '华']) expect(terms).not.toContain(piece);
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
