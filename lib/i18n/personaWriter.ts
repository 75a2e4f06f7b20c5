import { formatMoney, moneyFeatureNames } from '@/lib/datasets/displayText';
import { quotedAttributeValue } from '@/lib/ml/persona/quotedAttributeValue';
import { sentimentTone } from '@/lib/ml/text/sentimentScale';
import type { Persona, PersonaTrait } from '@/lib/runs/persona.types';
import { featureMessage, type Translate, translatePersonaName } from './personaText';

const isShare = (trait: PersonaTrait) => /^share of/i.test(trait.label);

export interface PersonaWriterOptions {
  locale: string;
  /** PersonaWords of the locale */
  words: Record<string, string>;
  /** translators of the PersonaName, PersonaFeature, PersonaText and Sentiment namespaces */
  nameT: Translate;
  featureT: Translate;
  text: Translate;
  sentimentT: Translate;
  /** numbers as the screen or file writes them in the locale */
  formats: {
    count: (value: number) => string;
    percent: (share: number, digits?: number) => string;
    score: (value: number, digits?: number) => string;
    value: (value: number) => string;
  };
  currency?: string | null;
  /** a stable name function (the dashboard memoises it); written from the options otherwise */
  name?: (stored: string) => string;
}

/**
 * A persona's name, trait labels and sentences, sentiment and description in a language, for
 * the dashboard (usePersonaText) and the exports alike. English gives the stored text as the run
 * wrote it; another language writes them from the stored facts. Spend and prices are written in
 * `currency` when the dataset has one.
 */
export function personaWriter(options: PersonaWriterOptions) {
  const { locale, nameT, featureT, text, sentimentT } = options;
  const currency = options.currency ?? null;
  const english = locale === 'en';
  const { count: formatCount, percent: formatPercent, score: formatScore, value: formatValue } = options.formats;

  const traitValue = (trait: PersonaTrait, value: number) =>
    isShare(trait)
      ? formatPercent(value)
      : moneyFeatureNames.has(trait.feature)
        ? formatMoney(value, currency, english ? 'en-US' : locale)
        : formatValue(value);
  const featureLabel = (feature: string, storedLabel: string) => {
    const message = english ? null : featureMessage(feature);
    return message ? featureT(message.key, message.values) : storedLabel;
  };
  const traitLabel = (trait: PersonaTrait) => featureLabel(trait.feature, trait.label);
  const traitText = (trait: PersonaTrait) =>
    english
      ? trait.text
      : text('trait', {
          label: traitLabel(trait),
          segment: traitValue(trait, trait.segmentValue),
          population: traitValue(trait, trait.populationValue),
        });
  const sentiment = (mean: number | null | undefined) => {
    if (mean === null || mean === undefined || !Number.isFinite(mean)) return sentimentT('noText');
    return sentimentT('tone', { tone: sentimentTone(mean), mean: `${mean >= 0 ? '+' : ''}${mean.toFixed(2)}` });
  };
  const name =
    options.name ??
    ((stored: string) =>
      english ? stored : translatePersonaName(stored, { words: options.words, name: nameT, feature: featureT }));

  /** The stored description in English; elsewhere the same sentences from the persona's facts. */
  const description = (persona: Persona, storedName: string, stored: string) => {
    if (english) return stored;
    const list = (items: string[]) => items.join(text('listSeparator'));
    const sentences = [
      text('intro', {
        name: name(storedName),
        users: formatCount(persona.size),
        share: formatPercent(persona.share, 1),
      }),
    ];
    const traits = persona.traits.slice(0, 3).map(traitText);
    if (traits.length) sentences.push(text('traits', { traits: traits.join(text('traitSeparator')) }));
    const categories = persona.topCategories.slice(0, 3);
    if (categories.length)
      sentences.push(
        text('categories', {
          categories: list(
            categories.map((c) =>
              text('category', { name: c.name, share: formatPercent(c.share, 1), lift: formatScore(c.lift, 1) }),
            ),
          ),
        }),
      );
    if (persona.keywords.length)
      sentences.push(text('keywords', { terms: list(persona.keywords.slice(0, 5).map((k) => k.term)) }));
    if (persona.topItems.length)
      sentences.push(
        text('items', {
          items: list(
            persona.topItems
              .slice(0, 3)
              .map((item) => text('item', { title: item.title ?? item.itemId, lift: formatScore(item.lift, 1) })),
          ),
        }),
      );
    for (const [attribute, values] of Object.entries(persona.attributes ?? {})) {
      const top = quotedAttributeValue(values);
      if (top)
        sentences.push(
          text('attribute', {
            share: formatPercent(top.share, 1),
            name: attribute,
            value: top.value,
            overall: formatPercent(top.populationShare, 1),
          }),
        );
    }
    if (persona.sentiment.mean !== null) {
      const mean = persona.sentiment.mean;
      sentences.push(
        text('sentiment', {
          tone: sentimentT('toneWord', { tone: sentimentTone(mean) }),
          mean: `${mean >= 0 ? '+' : ''}${mean.toFixed(2)}`,
        }),
      );
    }
    if (persona.churnShare !== null) {
      const overall = persona.populationChurnShare;
      sentences.push(
        overall == null
          ? text('churn', { share: formatPercent(persona.churnShare, 1) })
          : text('churnOverall', { share: formatPercent(persona.churnShare, 1), overall: formatPercent(overall, 1) }),
      );
    }
    return sentences.join(english ? ' ' : '');
  };

  return { name, featureLabel, traitLabel, traitText, traitValue, sentiment, description };
}
