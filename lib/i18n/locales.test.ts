import { describe, expect, it } from 'vitest';
import { chooseLocale } from './locales';

describe('chooseLocale', () => {
  it('keeps the language the user chose over the browser', () => {
    expect(chooseLocale('zh-CN', 'en-US,en;q=0.9')).toBe('zh-CN');
    expect(chooseLocale('en', 'zh-CN,zh;q=0.9')).toBe('en');
  });

  it('follows Accept-Language by weight when no valid choice is stored', () => {
    expect(chooseLocale(undefined, 'zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(chooseLocale('fr', 'fr-FR,en;q=0.5,zh;q=0.8')).toBe('zh-CN');
    expect(chooseLocale(null, 'zh-TW')).toBe('zh-CN');
    expect(chooseLocale(null, 'de-DE,en-GB;q=0.7')).toBe('en');
  });

  it('falls back to English for no header, an unsupported one or a refused language', () => {
    expect(chooseLocale(undefined, null)).toBe('en');
    expect(chooseLocale(undefined, 'fr-FR,de;q=0.5')).toBe('en');
    expect(chooseLocale(undefined, 'zh;q=0, fr')).toBe('en');
  });
});
