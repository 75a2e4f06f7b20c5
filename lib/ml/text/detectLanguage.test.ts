import { describe, expect, it } from 'vitest';
import { detectLanguage } from './detectLanguage';

describe('detectLanguage', () => {
  it('tells English, Chinese, Japanese and Korean apart by script', () => {
    expect(detectLanguage('The battery lasts two days and I love it.')).toBe('en');
    expect(detectLanguage('这个手机的电池非常好，我很喜欢。')).toBe('zh');
    expect(detectLanguage('これはとても良い商品です')).toBe('ja');
    expect(detectLanguage('정말 좋아요, 또 살게요')).toBe('ko');
  });

  it('calls mostly-Chinese text with a brand name Chinese', () => {
    expect(detectLanguage('iPhone 的屏幕很清晰，拍照也不错')).toBe('zh');
  });

  it('separates other Latin-script languages from English by function words and accents', () => {
    expect(detectLanguage('Le produit est arrivé cassé et le service client est nul')).toBe('other');
    expect(detectLanguage('El producto es muy bueno y llegó a tiempo')).toBe('other');
    expect(detectLanguage('Das Produkt ist sehr gut')).toBe('other');
  });

  it('keeps short English without function words English', () => {
    expect(detectLanguage('Excellent product, fast shipping.')).toBe('en');
    expect(detectLanguage('Great!')).toBe('en');
    expect(detectLanguage('The café was nice')).toBe('en');
  });

  it('returns none for text without letters', () => {
    expect(detectLanguage('12345 !!! :)')).toBe('none');
  });
});
