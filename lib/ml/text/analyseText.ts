import { detectLanguage, type TextLanguage } from './detectLanguage';
import { englishSentiment } from './englishSentiment';
import { entitiesFromDoc, extractEntities, type TextEntity } from './extractEntities';
import { textSentiment } from './textSentiment';
import { englishTermsFromDoc, segmentedTerms } from './tokenizeText';
import { winkEnglish } from './winkEnglish';
import { withoutMarkup } from './withoutMarkup';

export interface TextAnalysis {
  language: TextLanguage;
  /** keyword terms, stop words removed */
  terms: string[];
  /** in [-1, 1]; null where the language has no sentiment model */
  sentiment: number | null;
  entities: TextEntity[];
}

/** Language, terms, sentiment and entities of one text, parsing English only once. */
export function analyseText(raw: string): TextAnalysis {
  const text = withoutMarkup(raw);
  const language = detectLanguage(text);
  if (language === 'en') {
    const doc = winkEnglish().readDoc(text);
    return {
      language,
      terms: englishTermsFromDoc(doc),
      sentiment: englishSentiment(text, doc),
      entities: entitiesFromDoc(doc),
    };
  }
  if (language === 'none') return { language, terms: [], sentiment: null, entities: [] };
  return {
    language,
    terms: segmentedTerms(text, language),
    sentiment: textSentiment(text, language),
    entities: extractEntities(text, language),
  };
}
