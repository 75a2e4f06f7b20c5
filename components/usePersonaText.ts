'use client';

import { useLocale, useMessages, useTranslations } from 'next-intl';
import { useCallback } from 'react';
import { personaWriter } from '@/lib/i18n/personaWriter';
import { formatCount, formatPercent, formatScore, formatValue } from './format';
import { type Translate, translatePersonaName } from './personaText';

const formats = { count: formatCount, percent: formatPercent, score: formatScore, value: formatValue };

/**
 * A persona's name, trait labels and sentences, sentiment and description in the user's
 * language (lib/i18n/personaWriter). Spend and prices are written in `currency` when the dataset has one.
 */
export function usePersonaText(currency: string | null = null) {
  const locale = useLocale();
  const messages = useMessages();
  const nameT = useTranslations('PersonaName') as unknown as Translate;
  const featureT = useTranslations('PersonaFeature') as unknown as Translate;
  const text = useTranslations('PersonaText') as unknown as Translate;
  const sentimentT = useTranslations('Sentiment') as unknown as Translate;
  const english = locale === 'en';
  // stable across renders, so lists keyed on it (the cluster map's legend) are not rebuilt each time
  const words = messages.PersonaWords;
  const name = useCallback(
    (stored: string) => (english ? stored : translatePersonaName(stored, { words, name: nameT, feature: featureT })),
    [english, words, nameT, featureT],
  );
  return personaWriter({ locale, words, nameT, featureT, text, sentimentT, formats, currency, name });
}
