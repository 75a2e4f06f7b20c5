import {
  chineseContrastWords,
  chineseIntensifiers,
  chineseNegativeWords,
  chineseNegators,
  chinesePositiveWords,
} from './chineseSentimentLexicon';

type Entry =
  | { kind: 'polarity'; value: number }
  | { kind: 'negator' }
  | { kind: 'intensifier'; value: number }
  | { kind: 'contrast' };

let dictionary: Map<string, Entry> | null = null;
let longestWord = 1;

function lexicon(): Map<string, Entry> {
  if (dictionary) return dictionary;
  const entries = new Map<string, Entry>();
  for (const word of chineseNegators) entries.set(word, { kind: 'negator' });
  for (const word of chineseContrastWords) entries.set(word, { kind: 'contrast' });
  for (const [word, value] of Object.entries(chineseIntensifiers)) entries.set(word, { kind: 'intensifier', value });
  // Polarity words are set last so compounds such as 不错 and 不满 win over the bare negator.
  for (const [word, value] of Object.entries({ ...chinesePositiveWords, ...chineseNegativeWords })) {
    entries.set(word, { kind: 'polarity', value });
  }
  for (const word of entries.keys()) longestWord = Math.max(longestWord, [...word].length);
  dictionary = entries;
  return entries;
}

const clauseEnd = /[，。！？；、,.!?;~～\n]/u;

/**
 * Sentiment of a Chinese text in [-1, 1], by forward longest-match against a shipped lexicon
 * (independent of how the ICU segmenter splits words). A negator flips, and an intensifier
 * scales, the next sentiment word in the same clause; after 但是/不过 the later clause counts
 * three times as much as the earlier one. Returns null when no sentiment word is found, so a
 * neutral-looking text is never reported as a measured 0.
 */
export function chineseSentiment(text: string): number | null {
  const entries = lexicon();
  const characters = [...text];
  let before = 0;
  let after = 0;
  let sawContrast = false;
  let hits = 0;
  let negated = false;
  let intensity = 1;
  let i = 0;
  while (i < characters.length) {
    if (clauseEnd.test(characters[i])) {
      negated = false;
      intensity = 1;
      i++;
      continue;
    }
    let matched: Entry | undefined;
    let length = Math.min(longestWord, characters.length - i);
    for (; length > 0; length--) {
      matched = entries.get(characters.slice(i, i + length).join(''));
      if (matched) break;
    }
    if (!matched) {
      i++;
      continue;
    }
    i += length;
    if (matched.kind === 'negator') negated = !negated;
    else if (matched.kind === 'intensifier') intensity *= matched.value;
    else if (matched.kind === 'contrast') {
      sawContrast = true;
      negated = false;
      intensity = 1;
    } else {
      const value = matched.value * intensity * (negated ? -0.8 : 1);
      if (sawContrast) after += value;
      else before += value;
      hits++;
      negated = false;
      intensity = 1;
    }
  }
  if (hits === 0) return null;
  const score = sawContrast ? 0.5 * before + 1.5 * after : before;
  return score / Math.sqrt(score * score + 1);
}
