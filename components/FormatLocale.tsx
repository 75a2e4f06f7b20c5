'use client';

import { useLocale } from 'next-intl';
import { isLocale } from '@/lib/i18n/locales';
import { setFormatLocale } from './format';

/** Sets the language of format.ts before the screens below it render their numbers and dates. */
export function FormatLocale() {
  const locale = useLocale();
  if (isLocale(locale)) setFormatLocale(locale);
  return null;
}
