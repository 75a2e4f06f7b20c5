'use client';

import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useTransition } from 'react';
import { useSaveLocaleMutation } from '@/hooks/useSaveLocaleMutation';
import { useSessionQuery } from '@/hooks/useSessionQuery';
import { isLocale, localeCookie, localeNames, locales } from '@/lib/i18n/locales';

const oneYearSeconds = 365 * 86_400;

/**
 * The user's language, kept in a cookie for a year (per browser; it wins over Accept-Language)
 * and, when signed in, on the account, whose choice wins on every device it signs in on. A
 * refresh re-renders the server side with the new messages, without leaving the page or dropping
 * the data already fetched.
 */
export function LanguageSwitch() {
  const t = useTranslations('Account');
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const session = useSessionQuery();
  const save = useSaveLocaleMutation();
  return (
    <select
      className="language-switch"
      aria-label={t('language')}
      value={locale}
      disabled={pending || save.isPending}
      onChange={(event) => {
        const next = event.target.value;
        if (!isLocale(next)) return;
        // biome-ignore lint/suspicious/noDocumentCookie: a plain preference cookie, read on the server by i18n/request.ts
        document.cookie = `${localeCookie}=${next}; path=/; max-age=${oneYearSeconds}; samesite=lax`;
        const refresh = () => startTransition(() => router.refresh());
        // the account's language wins on the server: store it first, or the page would come back unchanged
        if (session.data) save.mutate(next, { onSettled: refresh });
        else refresh();
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
