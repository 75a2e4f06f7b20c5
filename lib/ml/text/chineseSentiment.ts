import {
  chineseAspectNouns,
  chineseNeutralWords,
  chineseRelativeAdjectives,
  chineseSentimentCharacters,
  excessWeight,
  relativeAdjectiveWeight,
} from './chineseAspectLexicon';
import {
  chineseContrastWords,
  chineseIntensifiers,
  chineseNegativeWords,
  chineseNegators,
  chinesePositiveWords,
} from './chineseSentimentLexicon';
import { chineseWords } from './chineseWords';
import { cjkStopWords } from './cjkStopWords';

type Entry =
  /** aspect: set when the word is also an aspect noun (噪音, 收获) */
  | { kind: 'polarity'; value: number; aspect?: 1 | -1 }
  | { kind: 'negator' }
  | { kind: 'intensifier'; value: number; excess: boolean }
  | { kind: 'contrast' }
  | { kind: 'relative'; direction: 1 | -1; alone: number }
  | { kind: 'aspect'; orientation: 1 | -1 };

let dictionary: Map<string, Entry> | null = null;
let longestWord = 1;

function lexicon(): Map<string, Entry> {
  if (dictionary) return dictionary;
  const entries = new Map<string, Entry>();
  for (const [word, adjective] of Object.entries(chineseRelativeAdjectives)) {
    entries.set(word, { kind: 'relative', ...adjective });
  }
  for (const word of chineseNegators) entries.set(word, { kind: 'negator' });
  for (const word of chineseContrastWords) entries.set(word, { kind: 'contrast' });
  for (const [word, value] of Object.entries(chineseIntensifiers)) {
    entries.set(word, { kind: 'intensifier', value, excess: word === '太' });
  }
  // Polarity words are set last so compounds such as 不错 and 不满 win over the bare negator.
  for (const [word, value] of Object.entries({ ...chinesePositiveWords, ...chineseNegativeWords })) {
    entries.set(word, { kind: 'polarity', value });
  }
  for (const [word, orientation] of Object.entries(chineseAspectNouns)) {
    const entry = entries.get(word);
    if (entry?.kind === 'polarity') entry.aspect = orientation;
    else entries.set(word, { kind: 'aspect', orientation });
  }
  for (const word of entries.keys()) longestWord = Math.max(longestWord, [...word].length);
  dictionary = entries;
  return entries;
}

const clauseEnd = /^[，。！？；、,.!?;~～\n]+$/u;
/** Characters that may sit inside a jieba word beside a lexicon word without changing it (太贵了, 也好). */
const fillers = new Set([...'了也的啊呀吧啦得都就还又么嘛哦呢是就']);
/** 快 before a number means "almost" (快两个小时), and 好 before 几 means "quite a few" (好几天). */
const numberStart = /^[0-9０-９一二两三四五六七八九十百半几]/u;
const negatedVerb = /^[不没]\p{Script=Han}$/u;
/** A negated verb the lexicon does not know (空调不制冷, 打不通) still reads as a complaint, weakly. */
const negatedUnknownWeight = -0.3;
/** Resultative complements after 不 inside one word: 打不开, 看不懂, 修不好 are things that fail. */
const failedResultWeight = -0.5;

function lexiconEntries(characters: string[], entries: Map<string, Entry>): Entry[] {
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
 * The lexicon entries a jieba word is made of: the word itself, or, for a word the lexicon does
 * not list, lexicon words that together with fillers cover all of it (太贵 -> 太 + 贵). Failing
 * that: a V不C word (打不开) is a failure, a word that ends in an aspect noun (办事效率) is that
 * aspect, and a word holding a sentiment character (破洞) carries it. A word that only contains
 * a lexicon word by accident (好像 "seems", 大小 "size") carries nothing.
 */
function entriesOf(word: string, entries: Map<string, Entry>): Entry[] {
  if (chineseNeutralWords.has(word)) return [];
  const whole = entries.get(word);
  if (whole) return [whole];
  const characters = [...word];
  const composed = lexiconEntries(characters, entries);
  if (composed.length > 0 || characters.length < 2) return composed;
  const negation = characters.indexOf('不');
  if (characters.length >= 3 && negation > 0 && negation < characters.length - 1) {
    // A不A is a question (是不是, 好不好吃), not a failure.
    if (characters[negation - 1] === characters[negation + 1]) return [];
    return [{ kind: 'polarity', value: failedResultWeight }];
  }
  for (let start = 1; start < characters.length - 1; start++) {
    const aspect = entries.get(characters.slice(start).join(''));
    if (aspect?.kind === 'aspect' || (aspect?.kind === 'polarity' && aspect.aspect)) return [aspect];
  }
  return characters.flatMap((character): Entry[] => {
    const value = chineseSentimentCharacters[character];
    return value === undefined ? [] : [{ kind: 'polarity', value }];
  });
}

/** A word that says something (not punctuation, a function word or a filler). */
function isContentWord(word: string): boolean {
  return /\p{Script=Han}/u.test(word) && !cjkStopWords.has(word) && ![...word].every((c) => fillers.has(c));
}

/**
 * Sentiment of a Chinese text in [-1, 1], from a shipped lexicon over jieba's words (so a
 * sentiment character inside an unrelated word does not count). A negator (不, 没, 没有, 别, 无 ...)
 * flips, and a degree word (很, 非常, 太, 有点 ...) scales, the next sentiment word in the same
 * clause. Relative adjectives (大, 小, 高, 低 ...) take their sign from the aspect noun before
 * them (房间很大 good, 噪音很大 bad). After 但是/不过 the later clause counts three times as much
 * as the earlier one. A text with no sentiment word but a negator followed by words the lexicon
 * does not know (空调不制冷) reads as a weak complaint. Returns null when none of this is found,
 * so a neutral-looking text is never reported as a measured 0.
 */
export function chineseSentiment(text: string): number | null {
  const entries = lexicon();
  let before = 0;
  let after = 0;
  let sawContrast = false;
  let hits = 0;
  let negated = false;
  let negatedUnknown = false;
  let intensity = 1;
  let excess = false;
  let aspect: 1 | -1 | 0 = 0;
  // An aspect noun's own polarity (噪音) waits: an adjective after it (噪音不大) replaces it.
  let aspectNounValue: number | null = null;
  const add = (value: number) => {
    if (sawContrast) after += value;
    else before += value;
    hits++;
  };
  const flushAspectNoun = () => {
    if (aspectNounValue !== null) add(aspectNounValue);
    aspectNounValue = null;
  };
  // Used only when the text has no sentiment word at all: a negated unknown word is as often a
  // defect that did not happen (不脱妆) as a function that failed (不制冷).
  let negatedUnknownScore = 0;
  let negatedUnknownHits = 0;
  const endClause = () => {
    flushAspectNoun();
    if (negated && negatedUnknown) {
      negatedUnknownScore += negatedUnknownWeight * intensity;
      negatedUnknownHits++;
    }
    negated = false;
    negatedUnknown = false;
    intensity = 1;
    excess = false;
    aspect = 0;
  };
  const words = chineseWords(text);
  for (let w = 0; w < words.length; w++) {
    const word = words[w];
    if (clauseEnd.test(word)) {
      endClause();
      continue;
    }
    const next = words[w + 1] ?? '';
    if ((word === '快' && intensity === 1 && numberStart.test(next)) || (word === '好' && next.startsWith('几'))) {
      continue;
    }
    const found = entriesOf(word, entries);
    if (found.length === 0 && negated && isContentWord(word)) negatedUnknown = true;
    // 不吃, 没修: jieba keeps a short negated verb whole.
    if (found.length === 0 && negatedVerb.test(word) && !chineseNeutralWords.has(word)) {
      negated = true;
      negatedUnknown = true;
    }
    for (const matched of found) {
      if (matched.kind === 'negator') {
        negated = !negated;
        negatedUnknown = false;
      } else if (matched.kind === 'intensifier') {
        intensity *= matched.value;
        excess ||= matched.excess;
      } else if (matched.kind === 'contrast') {
        endClause();
        sawContrast = true;
      } else if (matched.kind === 'aspect') aspect = matched.orientation;
      else {
        let value: number;
        if (matched.kind === 'polarity') value = matched.value;
        else if (aspect !== 0) {
          value = aspect * matched.direction * relativeAdjectiveWeight;
          aspectNounValue = null;
        } else value = excess ? excessWeight : matched.alone;
        if (value === 0) continue;
        const scored = value * intensity * (negated ? -0.8 : 1);
        flushAspectNoun();
        if (matched.kind === 'polarity' && matched.aspect) {
          aspect = matched.aspect;
          aspectNounValue = scored;
        } else add(scored);
        negated = false;
        negatedUnknown = false;
        intensity = 1;
        excess = false;
      }
    }
  }
  endClause();
  if (hits === 0 && negatedUnknownHits > 0) {
    before = negatedUnknownScore;
    hits = negatedUnknownHits;
    sawContrast = false;
  }
  if (hits === 0) return null;
  const score = sawContrast ? 0.5 * before + 1.5 * after : before;
  return score / Math.sqrt(score * score + 1);
}
