import type { TextLanguage } from './detectLanguage';
import { type WinkDocument, winkEnglish } from './winkEnglish';

export interface TextEntity {
  /** wink's type: DATE, TIME, MONEY, EMAIL, URL, HASHTAG, MENTION, EMOJI, EMOTICON, ORDINAL, CARDINAL, ... */
  type: string;
  value: string;
}

const emailPattern = /[\w.+-]+@[\w-]+\.[\w.-]+/g;
const urlPattern = /https?:\/\/[^\s，。！？、）)]+/g;

export function entitiesFromDoc(doc: WinkDocument): TextEntity[] {
  const details = doc.entities().out(winkEnglish().its.detail) as unknown as { type: string; value: string }[];
  return details.map(({ type, value }) => ({ type, value }));
}

/**
 * Rule-based entities. wink's recogniser is English-only; for other languages only e-mail
 * addresses and URLs are found, since their shape does not depend on the language.
 */
export function extractEntities(text: string, language: TextLanguage): TextEntity[] {
  if (language === 'en') return entitiesFromDoc(winkEnglish().readDoc(text));
  const entities: TextEntity[] = [];
  for (const match of text.matchAll(emailPattern)) entities.push({ type: 'EMAIL', value: match[0] });
  for (const match of text.matchAll(urlPattern)) entities.push({ type: 'URL', value: match[0] });
  return entities;
}
