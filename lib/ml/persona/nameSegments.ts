import type { FeatureDescription } from '@/lib/ml/features/featureColumn';
import { type LifecycleStage, lifecycleStages, userLifecycle } from '@/lib/ml/features/userLifecycle';
import { twoProportionTest } from '@/lib/ml/persona/differenceTests';
import type { EventTable, PipelineSettings } from '@/lib/ml/types';
import type { Persona } from '@/lib/runs/persona.types';

/** A feature difference of one segment from the rest, already tested (see describeSegments). */
export interface TestedDifference {
  description: FeatureDescription;
  /** Cohen's d against the rest of the population */
  effect: number;
  /** Bonferroni-corrected p-value */
  p: number;
  /** segment and population means, in readable units */
  segmentMean: number;
  populationMean: number;
}

export interface NamingInput {
  labels: Int32Array;
  k: number;
  sizes: Float64Array;
  events: EventTable;
  settings: PipelineSettings;
  asOf: number;
  /** per segment, every feature's tested difference (not only the quoted ones) */
  differences: TestedDifference[][];
  categories: Persona['topCategories'][];
  /** per user terms, for a dominant keyword */
  keywords?: string[][];
  /** per segment, the terms its texts use more than the rest's by a tested margin: a name's keyword must be one */
  distinctiveKeywords?: Set<string>[];
  /** per segment class-TF-IDF keywords, a last way to tell two segments apart */
  segmentKeywords?: Persona['keywords'][];
  /** corrected p below which a difference counts (default 0.01) */
  alpha?: number;
}

/** A tested difference this large is strong enough to name a segment by. */
const namingEffect = 0.5;
const lifecycleWords: Record<LifecycleStage, string> = {
  new: 'New',
  active: 'Active',
  lapsed: 'Lapsed',
  'one-time': 'One-time',
};
const typeNouns: [RegExp, string][] = [
  [/^(view|pv|page_?view|browse|visit|impression|click)s?$/i, 'browsers'],
  [/^(purchase|buy|order|checkout|transaction)s?$/i, 'buyers'],
  [/^(review|comment)s?$/i, 'reviewers'],
  [/^(rate|rating|rated|stars?)$/i, 'raters'],
  [/^(cart|add_?to_?cart)$/i, 'cart-fillers'],
  [/^(fav|favou?rite|wishlist|like|save)s?$/i, 'savers'],
  [/^(search|query)$/i, 'searchers'],
];
/** Features whose meaning the lifecycle, value and noun already carry, or whose word overstates. */
const notAdjectives = new Set([
  'recency_days',
  'purchase_count',
  'monetary_total',
  'active_days',
  'active_span_days',
  'events_per_active_day',
]);

function typeNoun(type: string): string | null {
  for (const [pattern, noun] of typeNouns) if (pattern.test(type)) return noun;
  return null;
}

interface Modifier {
  word: string;
  strength: number;
}

interface NameParts {
  /** tested, strongest first */
  modifiers: Modifier[];
  /** true of most of the segment but not tested as different from the rest */
  fallbacks: string[];
  topics: string[];
  noun: string;
}

/**
 * Names from what sets each segment apart, in the data's own terms: a dominant category or
 * keyword (as written in the data, 酒店 included), a lifecycle stage (new, active, lapsed,
 * one-time, relative to the data's end), its value, a behaviour that differs, and a noun from the
 * event type the segment over-uses ("browsers" only where view events exist and the segment
 * views more). Every word stands on a tested difference, except the last-resort fallbacks, which
 * are still true of most of the segment. Clashing names take their next distinguishing fact, so
 * names within a run differ and none is numbered.
 */
export function nameSegments(input: NamingInput): string[] {
  const { k } = input;
  if (k === 1) return [capitalise(`all ${baseNoun(input)}`)];
  const alpha = input.alpha ?? 0.01;
  const lifecycle = lifecycleFacts(input, alpha);
  const keywordTopics = input.keywords ? dominantKeywords(input, alpha) : Array.from({ length: k }, () => []);
  const parts: NameParts[] = Array.from({ length: k }, (_, s) => {
    const modifiers: Modifier[] = [];
    const fallbacks: string[] = [];
    if (lifecycle[s].tested) modifiers.push({ word: lifecycle[s].word, strength: lifecycle[s].strength });
    else if (lifecycle[s].word) fallbacks.push(lifecycle[s].word);
    const value = valueModifier(input.differences[s], alpha);
    if (value) modifiers.push(value);
    for (const difference of input.differences[s]) {
      const { description, effect, p } = difference;
      if (p >= alpha || Math.abs(effect) < namingEffect) continue;
      if (description.group === 'categories' || description.group === 'event types') continue;
      if (notAdjectives.has(description.name)) continue;
      const word = effect > 0 ? description.highWord : description.lowWord;
      if (word && !modifiers.some((m) => m.word === word)) modifiers.push({ word, strength: Math.abs(effect) });
    }
    modifiers.sort((a, b) => b.strength - a.strength);
    const categoryTopics = input.categories[s].filter((c) => c.share >= 0.3 && c.lift >= 1.5).map((c) => c.name);
    const topics = [...new Set([...categoryTopics, ...keywordTopics[s]])];
    return { modifiers, fallbacks, topics, noun: segmentNoun(input, s, alpha) };
  });

  const compose = (s: number, level: Level) => {
    const { topics, noun } = parts[s];
    const words = allWords(parts[s]).filter((word) => level.words.includes(word));
    const topic = topics.slice(0, level.topics).join(' & ');
    let name = [...words.map((w, i) => (i === 0 ? w : lowerFirst(w))), topic, noun].filter(Boolean).join(' ');
    if (level.extra) name += ` (${level.extra})`;
    return capitalise(name);
  };
  const levels = parts.map((part) => firstLevel(part));
  let names = parts.map((_, s) => compose(s, levels[s]));
  for (let attempt = 0; attempt < 12; attempt++) {
    const clashing = names.map((name) => names.filter((other) => other === name).length > 1);
    const generic = names.map((_, s) => isBare(parts[s], levels[s]));
    if (!clashing.some(Boolean) && !generic.some(Boolean)) break;
    const current = names;
    names = current.map((name, s) => {
      if (!clashing[s] && !generic[s]) return name;
      const rivals = current.flatMap((other, t) => (t !== s && other === name ? [t] : []));
      levels[s] = nextLevel(parts, levels[s], input, s, rivals);
      return compose(s, levels[s]);
    });
  }
  return names;
}

interface Level {
  /** modifier words in the name */
  words: string[];
  topics: number;
  extra: string | null;
  /** how many last-resort facts have been tried */
  resort: number;
}

function allWords(part: NameParts): string[] {
  return [...part.modifiers.map((m) => m.word), ...part.fallbacks];
}

/** The strongest tested modifier with the dominant topic; a fallback only where nothing else is known. */
function firstLevel(part: NameParts): Level {
  const topics = part.topics.length > 0 ? 1 : 0;
  const first = part.modifiers[0]?.word ?? (topics === 0 ? part.fallbacks[0] : undefined);
  return { words: first ? [first] : [], topics, extra: null, resort: 0 };
}

/** A name of just a noun ("Customers") says nothing about the segment. */
function isBare(part: NameParts, level: Level): boolean {
  return level.words.length === 0 && Math.min(level.topics, part.topics.length) === 0 && !level.extra;
}

/**
 * The next fact for a name that clashes (or says nothing): a modifier some rival lacks, then a
 * second topic, then what sets it apart from the rivals themselves.
 */
function nextLevel(parts: NameParts[], level: Level, input: NamingInput, s: number, rivals: number[]): Level {
  const part = parts[s];
  const unused = allWords(part).filter((word) => !level.words.includes(word));
  const telling = unused.find((word) => rivals.length === 0 || rivals.some((t) => !allWords(parts[t]).includes(word)));
  if (telling) return { ...level, words: [...level.words, telling] };
  const nextTopic = part.topics[level.topics];
  if (level.topics < 2 && nextTopic && rivals.some((t) => !parts[t].topics.slice(0, 2).includes(nextTopic))) {
    return { ...level, topics: level.topics + 1 };
  }
  if (rivals.length === 0 && level.topics < Math.min(2, part.topics.length))
    return { ...level, topics: level.topics + 1 };
  const resorts = lastResorts(input, s, rivals);
  if (level.resort < resorts.length) return { ...level, extra: resorts[level.resort], resort: level.resort + 1 };
  return { ...level, extra: `${Math.round((input.sizes[s] / input.labels.length) * 1000) / 10}% of users` };
}

/**
 * Facts that tell a segment from the segments its name clashes with: the feature on which it
 * differs most from them ("more events at night"), then its top keyword and category.
 */
function lastResorts(input: NamingInput, s: number, rivals: number[]): string[] {
  const facts: string[] = [];
  if (rivals.length > 0) {
    let best: { label: string; gap: number } | null = null;
    input.differences[s].forEach((difference, c) => {
      const others = rivals.map((t) => input.differences[t][c]?.effect ?? 0);
      const gap = difference.effect - others.reduce((a, b) => a + b, 0) / others.length;
      if (Number.isFinite(gap) && (!best || Math.abs(gap) > Math.abs(best.gap))) {
        best = { label: difference.description.label.toLowerCase(), gap };
      }
    });
    const found = best as { label: string; gap: number } | null;
    if (found && Math.abs(found.gap) > 0) facts.push(`${found.gap > 0 ? 'higher' : 'lower'} ${found.label}`);
  }
  const keyword = input.segmentKeywords?.[s]?.[0]?.term;
  if (keyword) facts.push(`mentions ${keyword}`);
  const category = input.categories[s][0];
  if (category) facts.push(`${Math.round(category.share * 100)}% ${category.name}`);
  return facts;
}

function baseNoun(input: NamingInput): string {
  const present = presentTypes(input.events);
  if (present.length === 1) {
    const noun = typeNoun(present[0]);
    if (noun) return noun;
  }
  const purchaseTypes = new Set(input.settings.purchaseTypes.map((t) => t.toLowerCase()));
  return present.some((type) => purchaseTypes.has(type.toLowerCase())) ? 'customers' : 'users';
}

function presentTypes(events: EventTable): string[] {
  const seen = new Uint8Array(events.types.length);
  for (let e = 0; e < events.type.length; e++) seen[events.type[e]] = 1;
  return events.types.filter((_, t) => seen[t] === 1);
}

/**
 * The noun of the event type the segment does markedly more of than the rest (a tested share
 * difference) and that makes up most of its events; otherwise the dataset's own noun.
 */
function segmentNoun(input: NamingInput, s: number, alpha: number): string {
  let best: { noun: string; effect: number } | null = null;
  for (const { description, effect, p, segmentMean } of input.differences[s]) {
    if (description.group !== 'event types' || !description.eventType) continue;
    if (p >= alpha || effect < namingEffect || segmentMean < 0.5) continue;
    const noun = typeNoun(description.eventType);
    if (noun && (!best || effect > best.effect)) best = { noun, effect };
  }
  return best?.noun ?? baseNoun(input);
}

/** "High-value" / "Low-value" from total spend, or purchase count where there are no amounts. */
function valueModifier(differences: TestedDifference[], alpha: number): Modifier | null {
  const value =
    differences.find((d) => d.description.name === 'monetary_total') ??
    differences.find((d) => d.description.name === 'purchase_count');
  if (!value || value.p >= alpha || Math.abs(value.effect) < namingEffect) return null;
  return { word: value.effect > 0 ? 'High-value' : 'Low-value', strength: Math.abs(value.effect) };
}

interface LifecycleFact {
  word: string;
  tested: boolean;
  strength: number;
}

/**
 * The stage most of a segment is in. Tested when it is over-represented against the rest
 * (two-proportion z, Bonferroni over segments x stages, Cohen's h >= 0.2); otherwise only a
 * fallback, still true of the majority.
 */
function lifecycleFacts(input: NamingInput, alpha: number): LifecycleFact[] {
  const { labels, k, sizes } = input;
  const { stage } = userLifecycle(input.events, input.asOf);
  const counts = new Float64Array(k * lifecycleStages.length);
  const totals = new Float64Array(lifecycleStages.length);
  const known = new Float64Array(k);
  for (let u = 0; u < labels.length; u++) {
    if (stage[u] < 0) continue;
    counts[labels[u] * lifecycleStages.length + stage[u]]++;
    totals[stage[u]]++;
    known[labels[u]]++;
  }
  const allKnown = known.reduce((a, b) => a + b, 0);
  const comparisons = k * lifecycleStages.length;
  return Array.from({ length: k }, (_, s) => {
    if (known[s] === 0 || sizes[s] === 0) return { word: '', tested: false, strength: 0 };
    let top = 0;
    for (let t = 1; t < lifecycleStages.length; t++) {
      if (counts[s * lifecycleStages.length + t] > counts[s * lifecycleStages.length + top]) top = t;
    }
    const hits = counts[s * lifecycleStages.length + top];
    if (hits / known[s] < 0.5) return { word: '', tested: false, strength: 0 };
    const test = twoProportionTest(hits, known[s], totals[top] - hits, allKnown - known[s]);
    const tested = test.effect >= 0.2 && test.p * comparisons < alpha;
    return { word: lifecycleWords[lifecycleStages[top]], tested, strength: test.effect };
  });
}

/**
 * Per segment, terms used by at least a fifth of its users and at least twice as often as by the
 * rest, the difference tested (two-proportion z, Bonferroni over every term tried), strongest
 * first.
 */
function dominantKeywords(input: NamingInput, alpha: number): string[][] {
  const { labels, k, sizes } = input;
  const keywords = input.keywords ?? [];
  const users = labels.length;
  const perSegment = Array.from({ length: k }, () => new Map<string, number>());
  const overall = new Map<string, number>();
  keywords.forEach((terms, u) => {
    if (u >= users) return;
    for (const term of new Set(terms ?? [])) {
      const segment = perSegment[labels[u]];
      segment.set(term, (segment.get(term) ?? 0) + 1);
      overall.set(term, (overall.get(term) ?? 0) + 1);
    }
  });
  const candidates = perSegment.map((terms, s) =>
    [...terms.entries()].filter(([term, count]) => {
      const rest = (overall.get(term) ?? 0) - count;
      const restShare = rest / Math.max(1, users - sizes[s]);
      return count / sizes[s] >= 0.2 && count / sizes[s] >= 2 * restShare;
    }),
  );
  const comparisons = Math.max(
    1,
    candidates.reduce((sum, list) => sum + list.length, 0),
  );
  return candidates.map((list, s) =>
    list
      .map(([term, count]) => ({
        term,
        test: twoProportionTest(count, sizes[s], (overall.get(term) ?? 0) - count, users - sizes[s]),
      }))
      .filter(({ test }) => test.effect >= 0.2 && test.p * comparisons < alpha)
      .filter(({ term }) => input.distinctiveKeywords?.[s].has(term.toLowerCase()) ?? true)
      .sort((a, b) => b.test.effect - a.test.effect || (a.term < b.term ? -1 : 1))
      .slice(0, 2)
      .map(({ term }) => term),
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function lowerFirst(word: string): string {
  // Keep words that are capitalised throughout ("VIP") or not Latin as they are.
  return /^[A-Z][a-z-]/.test(word) ? word.charAt(0).toLowerCase() + word.slice(1) : word;
}
