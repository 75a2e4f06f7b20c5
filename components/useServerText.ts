'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useCallback } from 'react';
import type { Translate } from './personaText';
import { translateServerText } from './serverText';

/** Says a text the server wrote in English in the user's language when it is a known one (serverText.ts). */
export function useServerText(): (text: string) => string {
  const english = useLocale() === 'en';
  const t = useTranslations('ServerText') as unknown as Translate;
  return useCallback((text: string) => (english ? text : translateServerText(text, t)), [english, t]);
}
