import english from '@/messages/en.json';

/**
 * Every metric and model term the dashboard shows, in plain words. The key is the anchor on
 * /glossary (`/glossary#auc`); GlossaryLink links a term wherever it appears.
 */
export interface GlossaryEntry {
  term: string;
  /** one or two sentences an analyst can act on */
  plain: string;
  /** how to read the number: its range, what chance or a baseline gets */
  reading: string;
}

// The words live in messages/<locale>.json (Glossary); English is the reference for the keys.
export const glossary: Record<keyof typeof english.Glossary, GlossaryEntry> = english.Glossary;

export type GlossaryKey = keyof typeof english.Glossary;

export const glossaryKeys = Object.keys(glossary) as GlossaryKey[];

/** The glossary entry for a stored metric's key (`holdout.auc`, `baselineAccuracy`), if there is one. */
export function glossaryKeyFor(metricKey: string): GlossaryKey | null {
  const last = metricKey.split('.').pop() ?? metricKey;
  const aliases: Record<string, GlossaryKey> = {
    baselineAuc: 'auc',
    baselineAccuracy: 'accuracy',
    baseline: 'baseline',
    lift: 'lift10',
    ndcgAt10: 'ndcg',
  };
  if (last in glossary) return last as GlossaryKey;
  return aliases[last] ?? null;
}
