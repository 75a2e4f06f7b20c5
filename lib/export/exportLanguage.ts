import { createTranslator } from 'next-intl';
import { defaultLocale, type Locale } from '@/lib/i18n/locales';
import type { Translate } from '@/lib/i18n/personaText';
import { personaWriter } from '@/lib/i18n/personaWriter';
import english from '@/messages/en.json';
import chinese from '@/messages/zh-CN.json';
import type { PersonaExport } from './personaExport.types';

const catalogues = { en: english, 'zh-CN': chinese } as const;

/** The words of the Markdown and PDF exports (messages ExportFile.*) in one language; English by default. */
export interface ExportLanguage {
  locale: Locale;
  t: Translate;
}

export function exportLanguage(locale: Locale = defaultLocale): ExportLanguage {
  const messages = catalogues[locale];
  return { locale, t: createTranslator({ locale, messages, namespace: 'ExportFile' }) as unknown as Translate };
}

/**
 * The export's persona texts (names, descriptions, trait labels and sentences, feature labels) in
 * the language, written from the stored facts as the dashboard writes them; English keeps the
 * text as the run stored it, so an English export is unchanged.
 */
export function localizePersonaExport(data: PersonaExport, locale: Locale): PersonaExport {
  if (locale === 'en') return data;
  const messages = catalogues[locale];
  const translator = (namespace: 'PersonaName' | 'PersonaFeature' | 'PersonaText' | 'Sentiment') =>
    createTranslator({ locale, messages, namespace }) as unknown as Translate;
  const format = (value: number, options?: Intl.NumberFormatOptions) => value.toLocaleString(locale, options);
  const writer = personaWriter({
    locale,
    words: messages.PersonaWords,
    nameT: translator('PersonaName'),
    featureT: translator('PersonaFeature'),
    text: translator('PersonaText'),
    sentimentT: translator('Sentiment'),
    currency: data.display.currency,
    formats: {
      count: (value) => format(value),
      percent: (share, digits = 0) =>
        format(share, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }),
      score: (value, digits = 2) => value.toFixed(digits),
      value: (value) =>
        Number.isInteger(value) || Math.abs(value) >= 100
          ? format(Math.round(value))
          : format(value, { maximumFractionDigits: Math.abs(value) >= 10 ? 1 : 2 }),
    },
  });
  return {
    ...data,
    segments: data.segments.map((segment) => {
      const { persona } = segment;
      return {
        ...segment,
        persona: {
          ...persona,
          name: writer.name(persona.name),
          description: writer.description(persona, persona.name, persona.description),
          traits: persona.traits.map((trait) => ({
            ...trait,
            label: writer.traitLabel(trait),
            text: writer.traitText(trait),
          })),
        },
        featureDifferences: segment.featureDifferences.map((feature) => ({
          ...feature,
          label: writer.featureLabel(feature.feature, feature.label),
        })),
      };
    }),
  };
}
