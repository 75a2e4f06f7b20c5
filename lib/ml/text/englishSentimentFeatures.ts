import { englishReviewLexicon } from './englishReviewLexicon';
import { tokenLemmas, type WinkDocument, winkEnglish } from './winkEnglish';

/** Hash buckets for unigrams and bigrams; collisions cost little at this vocabulary size. */
export const sentimentHashBuckets = 1 << 14;
export const sentimentDenseFeatureNames = ['lexiconScore', 'winkScore', 'noLexiconHit'] as const;

export interface SentimentFeatures {
  dense: Float64Array;
  /** hashed unigram/bigram buckets, sorted, each once */
  indices: Int32Array;
  /** L2-normalised counts */
  values: Float32Array;
}

const negators = new Set([
  'not',
  'no',
  'never',
  'nothing',
  'none',
  'nobody',
  'neither',
  'nor',
  'without',
  'hardly',
  'cannot',
]);
const clauseBoundaries = new Set([
  ',',
  ';',
  '.',
  '!',
  '?',
  ':',
  '-',
  '...',
  'and',
  'but',
  'however',
  'yet',
  'though',
  'although',
]);
const contrastSplit = /\b(?:but|however|except)\b/i;

/**
 * Phrases whose sentiment is not the sum of their words, each with the score it adds on wink's
 * scale. The positive ones mostly undo wink: it reads "no better" as a negated "better" (-0.5)
 * and "does not stick" as neutral, where a reviewer means praise.
 */
const idioms: [RegExp, number][] = [
  [/\b(?:no|nothing|none) better\b/i, 1.5],
  [/\b(?:can'?t|cannot|can not) (?:stop|beat|fault|go wrong|complain|recommend (?:it|this|them) enough)\b/i, 1.2],
  [/\bworth every (?:penny|cent|dollar)\b/i, 1],
  [/\bno (?:more|longer) (?:\w+ )?(?:pain|hurts?|aches?|problems?|issues?|leaks?)\b/i, 1.2],
  [/\bno complaints?\b/i, 1],
  [/\b(?:not|never|won'?t be) disappoint(?:ed|ing|s)?\b/i, 1.2],
  [/\b(?:far |much |a lot )?less (?:stressful|painful|hassle|noisy|messy)\b/i, 1.2],
  [/\b(?:does|do|did)(?:n'?t| not) (?:stick|leak|slip|smell|squeak|wobble|fade|shrink|pill)\b/i, 1],
  [/\b(?:came|fell|coming|falling) apart\b/i, -1.2],
  [/\bgave up on\b/i, -0.8],
  [/\b(?:not|isn'?t|wasn'?t) worth\b/i, -1],
  [/\bdon'?t (?:buy|bother|waste)\b/i, -1],
  [/\b(?:stopped|quit|stops) working\b/i, -1],
  [/\b(?:does|do|did)(?:n'?t| not) work\b/i, -1],
  [/\bno (?:answer|reply|response)\b/i, -0.6],
  [/\bwould(?:n'?t| not| never) (?:buy|recommend|order)\b/i, -1],
  // what a reviewer of any product reports without an opinion word
  // -1.5, as for "no better": wink reads "hot water" as trouble and "no hot water" as praise
  [/\bno (?:hot water|heating|heat|signal|sound|power|wifi|wi-fi|internet|hot food)\b/i, -1.5],
  [/\bnothing like (?:the|its|their|in the) (?:photos?|pictures?|images?|description|listing|advert|ad)\b/i, -1.2],
  [/\bnot as (?:described|pictured|advertised|shown)\b/i, -1],
  [/\bnever (?:showed up|turned up|arrived|came|replied|answered|called back|worked)\b/i, -1],
  [
    /\b(?:after|within) (?:a|an|one|two|three|four|five|six|a few|few|\d+) (?:days?|weeks?|months?|uses?|washes?|wears?)\b/i,
    -0.8,
  ],
  [/\bthe (?:next|following) day\b/i, -0.5],
  [/\bthe (?:first|second) time (?:I|we|it|you)\b/i, -0.5],
  [/\b(?:in|within|under) (?:(?:a few|few|two|three|five|ten|fifteen|twenty|\d+) )?(?:seconds|minutes)\b/i, 0.6],
  [/\bin no time\b/i, 0.6],
  [/\b(?:brings?|brought|comes?|came) (?:\w+ ){0,3}(?:to life|alive)\b/i, 0.8],
  [/\bkeeps (?:on )?\w+ing\b/i, -0.5],
  [/\bkeeps? (?:me|us|my \w+|the \w+) (?:warm|dry|cool|fresh|safe|clean|organi[sz]ed|busy|comfortable)\b/i, 0.6],
];

function idiomScore(text: string): number {
  let score = 0;
  for (const [pattern, value] of idioms) if (pattern.test(text)) score += value;
  return score;
}
const negationWindow = 3;

let reviewWordsWinkLacks: Map<string, number> | null = null;

function reviewLexicon(): Map<string, number> {
  if (!reviewWordsWinkLacks) {
    const nlp = winkEnglish();
    reviewWordsWinkLacks = new Map(
      Object.entries(englishReviewLexicon).filter(([word]) => nlp.readDoc(word).out(nlp.its.sentiment) === 0),
    );
  }
  return reviewWordsWinkLacks;
}

/**
 * wink scores the whole text; after "but"/"however" the second clause usually carries the
 * verdict ("nice screen, but it broke in a week"), so it is weighted 1.5 to the first's 0.5.
 */
function contrastWeightedScore(text: string, wholeScore: number): number {
  const parts = text.split(contrastSplit);
  if (parts.length < 2) return wholeScore;
  const nlp = winkEnglish();
  const after = nlp.readDoc(parts[parts.length - 1]).out(nlp.its.sentiment) as number;
  const before = nlp.readDoc(parts.slice(0, -1).join(' ')).out(nlp.its.sentiment) as number;
  return 1.5 * after + 0.5 * before;
}

function reviewWordScore(normals: string[], lemmas: string[]): number {
  const lexicon = reviewLexicon();
  let score = 0;
  for (let i = 0; i < normals.length; i++) {
    let polarity = lexicon.get(normals[i]) ?? lexicon.get(lemmas[i]);
    if (polarity === undefined) continue;
    for (let j = i - 1; j >= Math.max(0, i - negationWindow); j--) {
      if (clauseBoundaries.has(normals[j])) break;
      if (negators.has(normals[j])) {
        polarity *= -0.74;
        break;
      }
    }
    score += polarity;
  }
  return score;
}

/** FNV-1a, 32 bit: stable across runs and platforms, so shipped weights stay valid. */
export function hashBucket(feature: string, buckets = sentimentHashBuckets): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < feature.length; i++) {
    hash ^= feature.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % buckets;
}

function hashedNgrams(
  normals: string[],
  types: string[],
  negated: boolean[],
): { indices: Int32Array; values: Float32Array } {
  const marked: string[] = [];
  for (let i = 0; i < normals.length; i++) {
    const type = types[i];
    if (type === 'word' || type === 'emoticon' || type === 'emoji')
      marked.push(negated[i] ? `not_${normals[i]}` : normals[i]);
    else if (normals[i] === '!' || normals[i] === '?') marked.push(normals[i]);
  }
  const counts = new Map<number, number>();
  const add = (feature: string) => {
    const bucket = hashBucket(feature);
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  };
  for (let i = 0; i < marked.length; i++) {
    add(marked[i]);
    if (i > 0) add(`${marked[i - 1]} ${marked[i]}`);
  }
  const indices = Int32Array.from([...counts.keys()].sort((a, b) => a - b));
  const values = new Float32Array(indices.length);
  let norm = 0;
  for (let i = 0; i < indices.length; i++) {
    values[i] = counts.get(indices[i]) ?? 0;
    norm += values[i] * values[i];
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < values.length; i++) values[i] /= norm;
  return { indices, values };
}

/** Features of one English text for the sentiment classifier, from a parsed wink document. */
export function englishSentimentFeatures(
  text: string,
  doc: WinkDocument = winkEnglish().readDoc(text),
): SentimentFeatures {
  const its = winkEnglish().its;
  const normals = doc.tokens().out(its.normal) as string[];
  const lemmas = tokenLemmas(doc);
  const types = doc.tokens().out(its.type) as string[];
  const negated = doc.tokens().out(its.negationFlag) as boolean[];
  const winkScore = doc.out(its.sentiment) as number;
  const lexiconScore = contrastWeightedScore(text, winkScore) + reviewWordScore(normals, lemmas) + idiomScore(text);
  const { indices, values } = hashedNgrams(normals, types, negated);
  return { dense: Float64Array.of(lexiconScore, winkScore, lexiconScore === 0 ? 1 : 0), indices, values };
}
