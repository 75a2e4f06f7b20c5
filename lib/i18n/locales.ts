/** The dashboard's languages; the first is the default when the browser asks for none of them. */
export const locales = ['en', 'zh-CN'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'en';

/** The cookie the language switch writes; it wins over the browser's Accept-Language. */
export const localeCookie = 'portrait-locale';

export const localeNames: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

export function isLocale(value: string | null | undefined): value is Locale {
  return locales.includes(value as Locale);
}

/** "zh-TW", "zh-Hans-CN" and "zh" read best in 简体中文 among the two; "en-GB" in English. */
function supportedFor(tag: string): Locale | null {
  const language = tag.trim().toLowerCase().split('-')[0];
  if (language === 'zh') return 'zh-CN';
  if (language === 'en') return 'en';
  return null;
}

/**
 * The language of a request: the user's own choice (the cookie) when it names a supported one,
 * else the first supported language of Accept-Language by its q-weights, else English.
 */
export function chooseLocale(
  cookieValue: string | null | undefined,
  acceptLanguage: string | null | undefined,
): Locale {
  if (isLocale(cookieValue)) return cookieValue;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, order) => {
      const [tag, ...params] = part.split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, order };
    })
    .filter(({ tag, weight }) => tag && weight > 0)
    .sort((a, b) => b.weight - a.weight || a.order - b.order);
  for (const { tag } of ranked) {
    const locale = supportedFor(tag);
    if (locale) return locale;
  }
  return defaultLocale;
}
