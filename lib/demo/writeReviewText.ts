import type { ProductKind } from '@/lib/demo/productKinds';
import type { SeededRandom } from '@/lib/ml/runtime/seededRandom';

export type ReviewLanguage = 'en' | 'zh';

type Tone = 'positive' | 'neutral' | 'negative';

interface Phrasebook {
  openers: Record<Tone, string[]>;
  aspects: Record<Tone, string[]>;
  /** for long reviews, once every aspect has been discussed */
  remarks: Record<Tone, string[]>;
  closers: Record<Tone, string[]>;
  context: string[];
  /** how sentences are joined */
  separator: string;
}

const english: Phrasebook = {
  openers: {
    positive: [
      'Absolutely love {this} {noun}.',
      'Really happy with {this} {noun}.',
      '{This} {noun} {is} wonderful.',
      'Great {noun}, exactly what I wanted.',
    ],
    neutral: [
      '{This} {noun} {is} okay, nothing special.',
      'Mixed feelings about {this} {noun}.',
      '{This} {noun} {is} decent.',
    ],
    negative: [
      'Really disappointed with {this} {noun}.',
      '{This} {noun} {was} a letdown.',
      'Not happy with {this} {noun} at all.',
    ],
  },
  aspects: {
    positive: [
      'The {aspect} {is} excellent.',
      'The {aspect} {is} better than I expected.',
      'I was really impressed by the {aspect}.',
      'The {aspect} {is} fantastic, no complaints.',
    ],
    neutral: [
      'The {aspect} {is} fine.',
      'The {aspect} {is} okay but not great.',
      'The {aspect} {is} about what you would expect.',
    ],
    negative: [
      'The {aspect} {is} terrible.',
      'The {aspect} {is} much worse than described.',
      'The {aspect} {is} poor and it shows.',
      'I expected far more from the {aspect}.',
    ],
  },
  remarks: {
    positive: [
      'It feels well made.',
      'Shipping was quick and the packaging was neat.',
      'It looks even better in person.',
      'I have already recommended {it} to two friends.',
    ],
    neutral: [
      'Shipping took a little longer than promised.',
      'It looks a bit different from the photos.',
      'Not bad, not amazing.',
    ],
    negative: [
      'It feels cheap in the hand.',
      'Customer service never answered my email.',
      'It looks nothing like the photos.',
      'Mine arrived damaged.',
    ],
  },
  closers: {
    positive: ['Would definitely buy again.', 'Highly recommend.', 'Worth every penny.', 'Great value for the money.'],
    neutral: ['It does the job, I suppose.', 'Might look for something else next time.', 'Okay for the price.'],
    negative: ['Returning it.', 'Would not recommend.', 'Waste of money.', 'I have asked for a refund.'],
  },
  context: [
    'I bought this after reading a lot of reviews.',
    'I have been using {it} for {weeks} weeks now.',
    'I bought it as a gift, then ended up keeping it for myself.',
    'We compared three options before choosing this one.',
    'It arrived two days early and well packaged.',
    'I am fairly picky about this kind of thing, so take this with a grain of salt.',
    'My partner and I both tried {it} over the last {weeks} weeks.',
  ],
  separator: ' ',
};

const englishBookContext = [
  'Our book club picked this one for {month}.',
  'I read it over a long weekend and could not stop.',
  "I had been waiting for this since the author's last book.",
  'A friend lent me her copy, then I bought my own.',
  'I read a chapter every night for {weeks} weeks.',
];

const englishBookRemarks: Record<Tone, string[]> = {
  positive: ['The last chapter stayed with me for days.', 'I will be reading everything this author writes.'],
  neutral: ['The middle section dragged a little.', 'Some chapters were much stronger than others.'],
  negative: ['I gave up halfway through.', 'The ending made no sense to me.'],
};

const months = ['January', 'March', 'May', 'July', 'September', 'November'];

/** plural nouns take "these" and "are": wipes, earbuds, characters */
function isPlural(phrase: string): boolean {
  return /s$/.test(phrase) && !/(ss|ness)$/.test(phrase);
}

const chinese: Phrasebook = {
  openers: {
    positive: ['这个{noun}很好，我很喜欢。', '非常满意，{noun}质量很好。', '很喜欢这个{noun}！'],
    neutral: ['这个{noun}一般般，还可以。', '{noun}中规中矩，没有特别惊喜。'],
    negative: ['这个{noun}很差，非常失望。', '质量太差了，很失望。', '不喜欢这个{noun}。'],
  },
  aspects: {
    positive: ['{aspect}很好。', '{aspect}非常不错，很满意。', '{aspect}比想象中好。'],
    neutral: ['{aspect}一般。', '{aspect}还行，不算好也不算差。'],
    negative: ['{aspect}很差。', '{aspect}和描述不一样，失望。', '{aspect}太差了。'],
  },
  remarks: {
    positive: ['包装很好，没有损坏。', '已经推荐给朋友了。', '发货很快，很满意。'],
    neutral: ['发货有点慢。', '和图片有点不一样。'],
    negative: ['客服不回复，很失望。', '收到的时候已经坏了。', '和图片完全不一样，太差了。'],
  },
  closers: {
    positive: ['推荐购买！', '下次还会再买。', '五星好评，满意。'],
    neutral: ['价格有点高，但是能用。', '凑合用吧。'],
    negative: ['已经申请退货了。', '不推荐购买。', '浪费钱，要退货。'],
  },
  context: ['用了{weeks}个星期了。', '看了很多评价才买的。', '物流很快，两天就到了。', '买来送朋友的。'],
  separator: '',
};

const chineseAspects = ['质量', '做工', '包装', '性价比', '外观', '细节'];

function toneOf(rating: number): Tone {
  if (rating >= 4) return 'positive';
  if (rating === 3) return 'neutral';
  return 'negative';
}

/**
 * A review whose sentiment follows the rating: an opener, then (for longer reviews) some context
 * and remarks on the product's aspects, then a closer. Long reviews sometimes break into paragraphs.
 */
export function writeReviewText(
  random: SeededRandom,
  kind: ProductKind,
  rating: number,
  language: ReviewLanguage,
  sentences: number,
): string {
  const book = language === 'zh' ? chinese : english;
  const tone = toneOf(rating);
  const pluralNoun = isPlural(kind.noun);
  // each aspect is discussed once, as a person would
  const aspects = random.shuffle([...(language === 'zh' ? chineseAspects : kind.aspects)]);
  const fill = (template: string): string => {
    if (language === 'zh') {
      return template
        .replace('{noun}', kind.zhNoun)
        .replace('{aspect}', aspects.pop() ?? chineseAspects[0])
        .replace('{weeks}', String(random.intBetween(2, 9)));
    }
    let text = template
      .replace('{This}', pluralNoun ? 'These' : 'This')
      .replace('{this}', pluralNoun ? 'these' : 'this')
      .replace('{it}', pluralNoun ? 'them' : 'it')
      .replace('{noun}', kind.noun)
      .replace('{weeks}', String(random.intBetween(2, 9)))
      .replace('{month}', random.pick(months));
    if (text.includes('{aspect}')) {
      const aspect = aspects.pop() ?? kind.aspects[0];
      text = text.replace('{aspect}', aspect).replace('{is}', isPlural(aspect) ? 'are' : 'is');
    }
    return text.replace('{is}', pluralNoun ? 'are' : 'is').replace('{was}', pluralNoun ? 'were' : 'was');
  };

  const parts = [fill(random.pick(book.openers[tone]))];
  if (sentences >= 4) {
    const context = language === 'en' && kind.book ? englishBookContext : book.context;
    parts.push(fill(random.pick(context)));
  }
  while (parts.length < sentences - 1) {
    // a mixed review now and then, but the overall tone holds
    const sentenceTone = random.chance(0.15) ? 'neutral' : tone;
    const remarks = language === 'en' && kind.book ? englishBookRemarks : book.remarks;
    const templates = aspects.length > 0 ? book.aspects[sentenceTone] : remarks[sentenceTone];
    let sentence = fill(random.pick(templates));
    for (let retry = 0; parts.includes(sentence) && retry < 4; retry++) sentence = fill(random.pick(templates));
    if (parts.includes(sentence)) break;
    parts.push(sentence);
  }
  if (sentences >= 2) parts.push(fill(random.pick(book.closers[tone])));

  if (sentences >= 5 && random.chance(0.25)) {
    const breakAt = 2;
    return `${parts.slice(0, breakAt).join(book.separator)}\n\n${parts.slice(breakAt).join(book.separator)}`;
  }
  return parts.join(book.separator);
}
