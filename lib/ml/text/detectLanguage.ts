import { englishFunctionWords, otherLatinFunctionWords } from './latinFunctionWords';

/**
 * Languages the text stage tells apart. Detection is by script (the share of Han, kana,
 * Hangul and Latin letters). Latin-script text is English unless it shows more signs of another
 * language (its function words, accented letters) than English function words: short telegraphic
 * English ("Works great, fast shipping") has no function words at all.
 */
export type TextLanguage = 'en' | 'zh' | 'ja' | 'ko' | 'other' | 'none';

const hanPattern = /\p{Script=Han}/u;
const kanaPattern = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const hangulPattern = /\p{Script=Hangul}/u;
const latinPattern = /\p{Script=Latin}/u;
const letterPattern = /\p{L}/u;
const accentedLatin = /[à-öø-ÿœß]/u;

export function detectLanguage(text: string): TextLanguage {
  let han = 0;
  let kana = 0;
  let hangul = 0;
  let latin = 0;
  let letters = 0;
  for (const character of text) {
    if (!letterPattern.test(character)) continue;
    letters++;
    if (latinPattern.test(character)) latin++;
    else if (hanPattern.test(character)) han++;
    else if (kanaPattern.test(character)) kana++;
    else if (hangulPattern.test(character)) hangul++;
  }
  if (letters === 0) return 'none';
  // A CJK character carries about as much as a short Latin word, hence the low thresholds.
  if (kana > 0 && kana + han >= 0.2 * letters) return 'ja';
  if (hangul >= 0.2 * letters) return 'ko';
  if (han >= 0.2 * letters) return 'zh';
  if (latin < 0.5 * letters) return 'other';
  const words = text.toLowerCase().match(/[\p{L}']+/gu) ?? [];
  let english = 0;
  let other = 0;
  for (const word of words) {
    if (englishFunctionWords.has(word)) english++;
    else if (otherLatinFunctionWords.has(word) || accentedLatin.test(word)) other++;
  }
  return other > english ? 'other' : 'en';
}
