import { chineseWords } from './chineseWords';
import { cjkStopWords } from './cjkStopWords';
import { detectLanguage, type TextLanguage } from './detectLanguage';
import { otherLatinFunctionWords } from './latinFunctionWords';
import { tokenLemmas, type WinkDocument, winkEnglish } from './winkEnglish';
import { withoutMarkup } from './withoutMarkup';

const hasLetter = /\p{L}/u;
const segmenters = new Map<string, Intl.Segmenter>();

function segmenterFor(language: TextLanguage): Intl.Segmenter {
  const locale = language === 'other' || language === 'none' || language === 'en' ? 'und' : language;
  let segmenter = segmenters.get(locale);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(locale, { granularity: 'word' });
    segmenters.set(locale, segmenter);
  }
  return segmenter;
}

/** Content terms of an English document: lemmas of word tokens that are not stop words. */
export function englishTermsFromDoc(doc: WinkDocument): string[] {
  const its = winkEnglish().its;
  const types = doc.tokens().out(its.type) as string[];
  const stopWords = doc.tokens().out(its.stopWordFlag) as boolean[];
  const lemmas = tokenLemmas(doc);
  const normals = doc.tokens().out(its.normal) as string[];
  const terms: string[] = [];
  for (let i = 0; i < types.length; i++) {
    if (types[i] !== 'word' || stopWords[i]) continue;
    // wink gives no lemma for contractions written without an apostrophe ("doesnt."): the
    // token's normal form stands in for it.
    const term = (lemmas[i] || normals[i] || '').toLowerCase();
    if (term.length < 2 || !hasLetter.test(term)) continue;
    terms.push(term);
  }
  return terms;
}

function* words(text: string, language: TextLanguage): Iterable<string> {
  // ICU cuts Chinese brand and product names into characters (蒙牛 -> 蒙, 牛); jieba's dictionary keeps them.
  if (language === 'zh') {
    yield* chineseWords(text);
    return;
  }
  for (const segment of segmenterFor(language).segment(text)) if (segment.isWordLike) yield segment.segment;
}

/**
 * Content terms of a non-English text: Chinese split by the jieba dictionary segmenter, other
 * languages by the ICU word segmenter.
 */
export function segmentedTerms(text: string, language: TextLanguage): string[] {
  const terms: string[] = [];
  for (const word of words(text, language)) {
    const term = word.trim().toLowerCase();
    if (!hasLetter.test(term) || cjkStopWords.has(term) || otherLatinFunctionWords.has(term)) continue;
    // Single Latin letters are noise; a single Han character is often a whole word.
    if (term.length < 2 && /\p{Script=Latin}/u.test(term)) continue;
    terms.push(term);
  }
  return terms;
}

/** Keyword terms of one text, stop words removed, in text order. */
export function tokenizeText(raw: string, language?: TextLanguage): string[] {
  const text = withoutMarkup(raw);
  language ??= detectLanguage(text);
  if (language === 'none') return [];
  if (language === 'en') return englishTermsFromDoc(winkEnglish().readDoc(text));
  return segmentedTerms(text, language);
}
