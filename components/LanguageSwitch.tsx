'use client';

import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useTransition } from 'react';
import { isLocale, localeCookie, localeNames, locales } from '@/lib/i18n/locales';

const oneYearSeconds = 365 * 86_400;

/**
 * The user's language, kept in a cookie for a year (per browser; it wins over Accept-Language).
 * A refresh re-renders the server side with the new messages, without leaving the page or
 * dropping the data already fetched.
 */
export function LanguageSwitch() {
  const t = useTranslations('Account');
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <select
      className="language-switch"
      aria-label={t('language')}
      value={locale}
      disabled={pending}
      onChange={(event) => {
        const next = event.target.value;
        if (!isLocale(next)) return;
        // biome-ignore lint/suspicious/noDocumentCookie: a plain preference cookie, read on the server by i18n/request.ts
        document.cookie = `${localeCookie}=${next}; path=/; max-age=${oneYearSeconds}; samesite=lax`;
        startTransition(() => router.refresh());
      }}
    >
      {locales.map((option) => (
        <option key={option} value={option} lang={option}>
          {localeNames[option]}
        </option>
      ))}
    </select>
  );
}
