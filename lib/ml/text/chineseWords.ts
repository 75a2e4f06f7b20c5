import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';
import {
  chineseContrastWords,
  chineseIntensifiers,
  chineseNegativeWords,
  chineseNegators,
  chinesePositiveWords,
} from './chineseSentimentLexicon';

let segmenter: Jieba | null = null;

/**
 * The jieba segmenter with its shipped dictionary (about 350,000 words, so brand and product
 * names such as 蒙牛, 热水器 and 华为 stay whole), plus the sentiment lexicon's words, so that
 * 好用 or 性价比高 reach the sentiment scorer as one word. Loaded once per process (about 0.3 s).
 */
function jieba(): Jieba {
  if (!segmenter) {
    // A native addon: required at run time so bundlers leave it to Node.
    const require = createRequire(import.meta.url);
    const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict') as typeof import('@node-rs/jieba/dict');
    const instance = Jieba.withDict(dict);
    const lexiconWords = [
      ...Object.keys(chinesePositiveWords),
      ...Object.keys(chineseNegativeWords),
      ...Object.keys(chineseIntensifiers),
      ...chineseNegators,
      ...chineseContrastWords,
    ].filter((word) => [...word].length > 1);
    instance.loadDict(Buffer.from(lexiconWords.map((word) => `${word} 2000`).join('\n')));
    segmenter = instance;
  }
  return segmenter;
}

/** Words of a Chinese text in order, punctuation and spaces included as their own tokens. */
export function chineseWords(text: string): string[] {
  if (text.length === 0) return [];
  return jieba().cut(text, true);
}
