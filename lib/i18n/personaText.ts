import english from '@/messages/en.json';

// Persona names and texts are stored in English, composed from tested facts by
// lib/ml/persona. A run keeps the facts (trait features and values, categories, keywords,
// shares) beside the text, so other languages are written here from the same facts; a name is
// read back into its words (lifecycle, value, behaviour, topic, noun, and the fact that tells
// clashing names apart), each put into the target language, topics kept as the data wrote them.

type Values = Record<string, string | number>;
export type Translate = (key: string, values?: Values) => string;

export interface PersonaVocabulary {
  /** PersonaWords of the target language, keyed by the English word (lower case, '_' for '-' and ' ') */
  words: Record<string, string>;
  /** PersonaName messages: heavy, higher, lower, mentions, categoryShare, ofUsers */
  name: Translate;
  /** PersonaFeature messages */
  feature: Translate;
}

const wordKey = (word: string) => word.toLowerCase().replace(/[- ]/g, '_');
const cjk = '\\u3400-\\u9fff\\u3000-\\u303f\\uff00-\\uffef\\u201c\\u201d';
const spaceBetweenCjk = new RegExp(`(?<=[${cjk}])\\s+(?=[${cjk}])`, 'g');

/** Chinese reads without spaces between its own words; a Latin topic keeps a space either side. */
function joinWords(words: string[]): string {
  return words.join(' ').replace(spaceBetweenCjk, '');
}

/** The feature key of a stored trait, as PersonaFeature names it, with its data-given part. */
export function featureMessage(feature: string): { key: string; values: Values } | null {
  if (feature.startsWith('type_share_')) return { key: 'type_share', values: { type: feature.slice(11) } };
  if (feature.startsWith('category_share_')) return { key: 'category_share', values: { category: feature.slice(15) } };
  return feature in english.PersonaFeature ? { key: feature, values: {} } : null;
}

/** A feature's label in the target language from its English label (as the name's last-resort fact writes it). */
function featureFromLabel(label: string, vocabulary: PersonaVocabulary): string | null {
  const lower = label.toLowerCase();
  for (const [key, text] of Object.entries(english.PersonaFeature)) {
    const [before, after = ''] = text.toLowerCase().split(/\{\w+\}/);
    if (!text.includes('{') && text.toLowerCase() === lower) return vocabulary.feature(key);
    if (
      text.includes('{') &&
      lower.startsWith(before) &&
      lower.endsWith(after) &&
      lower.length > before.length + after.length
    ) {
      const value = label.slice(before.length, label.length - after.length);
      return vocabulary.feature(key, key === 'type_share' ? { type: value } : { category: value });
    }
  }
  return null;
}

function translateFact(fact: string, vocabulary: PersonaVocabulary): string {
  const compared = /^(higher|lower) (.+)$/.exec(fact);
  if (compared) {
    const feature = featureFromLabel(compared[2], vocabulary);
    if (feature) return vocabulary.name(compared[1], { feature });
  }
  const mentions = /^mentions (.+)$/.exec(fact);
  if (mentions) return vocabulary.name('mentions', { term: mentions[1] });
  const ofUsers = /^([\d.]+%) of users$/.exec(fact);
  if (ofUsers) return vocabulary.name('ofUsers', { share: ofUsers[1] });
  return fact;
}

/** The words before a trailing "(fact)", which may itself hold parentheses ("at night (0-6h)"). */
function splitFact(name: string): [string, string | null] {
  if (!name.endsWith(')')) return [name, null];
  let depth = 0;
  for (let i = name.length - 1; i >= 0; i--) {
    if (name[i] === ')') depth++;
    else if (name[i] === '(' && --depth === 0) return [name.slice(0, i).trimEnd(), name.slice(i + 1, -1)];
  }
  return [name, null];
}

/** The nouns nameSegments ends a name with; a name ending otherwise was written elsewhere (a seed, an old run). */
const nameNouns = new Set([
  'browsers',
  'buyers',
  'reviewers',
  'raters',
  'cart_fillers',
  'savers',
  'searchers',
  'customers',
  'users',
]);

/**
 * A stored English persona name in the vocabulary's language; words it does not know (topics)
 * stay as written. A name not composed by nameSegments is shown as it is, not half translated.
 */
export function translatePersonaName(name: string, vocabulary: PersonaVocabulary): string {
  const [main, fact] = splitFact(name);
  const tokens = main.split(' ').filter(Boolean);
  if (!nameNouns.has(wordKey(tokens[tokens.length - 1] ?? ''))) return name;
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const pair = i + 1 < tokens.length ? vocabulary.words[wordKey(`${tokens[i]} ${tokens[i + 1]}`)] : undefined;
    if (pair) {
      out.push(pair);
      i++;
      continue;
    }
    const word = vocabulary.words[wordKey(tokens[i])];
    const heavy = /^(.+)-heavy$/i.exec(tokens[i]);
    out.push(word ?? (heavy ? vocabulary.name('heavy', { type: heavy[1] }) : tokens[i]));
  }
  const translated = joinWords(out);
  return fact ? `${translated}（${translateFact(fact, vocabulary)}）` : translated;
}
