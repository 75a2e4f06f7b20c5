import { chineseSentiment } from './chineseSentiment';
import { detectLanguage, type TextLanguage } from './detectLanguage';
import { englishSentiment } from './englishSentiment';
import type { WinkDocument } from './winkEnglish';

/** Languages with a sentiment model; other texts get null ("unavailable"), never 0. */
export const sentimentLanguages: readonly TextLanguage[] = ['en', 'zh'];

/**
 * Sentiment of one text in [-1, 1], or null when its language has no model (or, for Chinese,
 * when no sentiment word occurs).
 */
export function textSentiment(
  text: string,
  language: TextLanguage = detectLanguage(text),
  englishDoc?: WinkDocument,
): number | null {
  if (language === 'en') return englishSentiment(text, englishDoc);
  if (language === 'zh') return chineseSentiment(text);
  return null;
}
