/**
 * Languages the text stage tells apart. Detection is by script (the share of Han, kana,
 * Hangul and Latin letters), plus a function-word check that separates English from other
 * Latin-script languages, for which there is no sentiment model.
 */
export type TextLanguage = 'en' | 'zh' | 'ja' | 'ko' | 'other' | 'none';

const englishFunctionWords = new Set(
  (
    'the a an and or but not no is are was were be been am i you he she it we they me my your ' +
    "this that of in on at to for with from by as so very it's i'm don't do does did have has had " +
    'will would can could just all what when there if'
  ).split(' '),
);

const hanPattern = /\p{Script=Han}/u;
const kanaPattern = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const hangulPattern = /\p{Script=Hangul}/u;
const latinPattern = /\p{Script=Latin}/u;
const letterPattern = /\p{L}/u;

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
  // Short Latin texts ("Great!", "meh") have too few words to judge: English is the best guess.
  if (words.length < 4) return 'en';
  const functionWordCount = words.filter((word) => englishFunctionWords.has(word)).length;
  return functionWordCount > 0 ? 'en' : 'other';
}
