import {
  chineseContrastWords,
  chineseIntensifiers,
  chineseNegativeWords,
  chineseNegators,
  chinesePositiveWords,
} from './chineseSentimentLexicon';
import { chineseWords } from './chineseWords';

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

const clauseEnd = /^[，。！？；、,.!?;~～\n]+$/u;
/** Characters that may sit inside a jieba word beside a lexicon word without changing it (太贵了, 也好). */
const fillers = new Set([...'了也的啊呀吧啦得都就还又么嘛哦呢是就']);

/**
 * The lexicon entries a jieba word is made of: the word itself, or, for a word the lexicon does
 * not list, lexicon words that together with fillers cover all of it (太贵 -> 太 + 贵). A word that
 * only contains a lexicon word by accident (好像 "seems", 不少 "plenty") is not covered, so it
 * carries no sentiment.
 */
function entriesOf(word: string, entries: Map<string, Entry>): Entry[] {
  const whole = entries.get(word);
  if (whole) return [whole];
  const characters = [...word];
  const found: Entry[] = [];
  let i = 0;
  while (i < characters.length) {
    let matched: Entry | undefined;
    let length = Math.min(longestWord, characters.length - i);
    for (; length > 0; length--) {
      matched = entries.get(characters.slice(i, i + length).join(''));
      if (matched) break;
    }
    if (matched) {
      found.push(matched);
      i += length;
    } else if (fillers.has(characters[i])) i++;
    else return [];
  }
  return found;
}

/**
 * Sentiment of a Chinese text in [-1, 1], from a shipped lexicon over jieba's words (so a
 * sentiment character inside an unrelated word does not count). A negator (不, 没, 没有, 别 ...)
 * flips, and a degree word (很, 非常, 太, 有点 ...) scales, the next sentiment word in the same
 * clause; after 但是/不过 the later clause counts three times as much as the earlier one.
 * Returns null when no sentiment word is found, so a neutral-looking text is never reported as
 * a measured 0.
 */
export function chineseSentiment(text: string): number | null {
  const entries = lexicon();
  let before = 0;
  let after = 0;
  let sawContrast = false;
  let hits = 0;
  let negated = false;
  let intensity = 1;
  for (const word of chineseWords(text)) {
    if (clauseEnd.test(word)) {
      negated = false;
      intensity = 1;
      continue;
    }
    for (const matched of entriesOf(word, entries)) {
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
  }
  if (hits === 0) return null;
  const score = sawContrast ? 0.5 * before + 1.5 * after : before;
  return score / Math.sqrt(score * score + 1);
}
