import { formatMoney } from '@/lib/datasets/displayText';
import type { BehaviourFeatures } from '@/lib/ml/features/behaviourFeatures';
import type { FeatureDescription } from '@/lib/ml/features/featureColumn';
import { type SampleMoments, twoProportionTest, welchTest } from '@/lib/ml/persona/differenceTests';
import { nameSegments, type TestedDifference } from '@/lib/ml/persona/nameSegments';
import { sentimentTone } from '@/lib/ml/text/sentimentScale';
import type { AttributeColumn, DenseMatrix, EventTable, ItemTable, PipelineSettings } from '@/lib/ml/types';
import type { Persona, PersonaTrait } from '@/lib/runs/persona.types';
import { overIndexedItems } from './overIndexedItems';
import { quotedAttributeValue } from './quotedAttributeValue';
import { round } from './round';
import { segmentKeywords } from './segmentKeywords';
import { segmentSizeSentence } from './segmentSizeSentence';
import { type KeywordEvidence, testedKeywords } from './testedKeywords';

export interface PersonaInput {
  /** segment of each user, 0..k-1 */
  labels: Int32Array;
  k: number;
  /** the space the segments were formed in, with their centroids, for representative users */
  profile: DenseMatrix;
  centroids: DenseMatrix;
  features: BehaviourFeatures;
  events: EventTable;
  items: ItemTable;
  settings: PipelineSettings;
  /** epoch ms the data runs up to, for the 12-week activity line */
  asOf: number;
  /** describe segments, never used to form them; sensitive ones are left out */
  attributes?: AttributeColumn[];
  /** per user mean sentiment in [-1, 1], NaN without text */
  sentiment?: Float32Array;
  /** per user terms (e.g. from review text) for class-based TF-IDF keywords */
  keywords?: string[][];
  /**
   * every user's term counts and number of texts: with them a segment's keywords are only terms
   * its texts use more often than the rest's by a tested margin (testedKeywords)
   */
  keywordEvidence?: KeywordEvidence;
  /** per user churn probability, NaN when unknown */
  churnScore?: Float32Array;
  /** per category-interest target, each user's propensity score */
  propensity?: { category: string; scores: Float32Array }[];
  /** per user expected spend in the next settings.valueHorizonDays days */
  predictedValue?: Float32Array;
  /** custom goals with predictive scores: each user's probability of doing it */
  goals?: { target: string; name: string; horizonDays: number; scores: Float32Array }[];
  /** ISO 4217 code spend and prices are written in ("€120 vs €40"); plain numbers without it */
  currency?: string | null;
}

export interface PersonaOptions {
  /** traits quoted per persona (default 5) */
  traitCount?: number;
  /** |Cohen's d| against the rest a trait needs to be quoted (default 0.2) */
  minTraitEffect?: number;
  /** Bonferroni-corrected p-value a trait (and a naming fact) must fall below (default 0.01) */
  alpha?: number;
}

const weekMs = 7 * 86_400_000;
const activityWeeks = 12;

/**
 * One persona per segment, written from what sets it apart: the behaviour features that differ
 * from the rest by a tested margin (see computeTraits) quoted with their readable values,
 * categories and keywords ranked by class-based TF-IDF, over-indexing items, attribute mixes,
 * sentiment, churn share and the users nearest the centroid. Names come from nameSegments: the
 * dominant category or keyword, lifecycle, value and behaviour, distinct within the run.
 */
export function describeSegments(input: PersonaInput, options: PersonaOptions = {}): Persona[] {
  const { labels, k, events, features } = input;
  const users = labels.length;
  if (features.matrix.rows !== users) throw new RangeError('features and labels describe different users');
  const sizes = new Float64Array(k);
  for (let u = 0; u < users; u++) sizes[labels[u]]++;

  const { traitsBySegment, differences } = computeTraits(input, options);
  const categories = categoryProfiles(input, sizes);
  const distinctive = input.keywordEvidence
    ? testedKeywords(input.keywordEvidence, labels, k, options.alpha ?? 0.01)
    : null;
  const keywords = input.keywords
    ? segmentKeywords(input.keywords, labels, k).map((list, s) =>
        distinctive ? list.filter((keyword) => distinctive[s].has(keyword.term)) : list,
      )
    : null;
  const topItems = overIndexedItems(input, sizes, options.alpha);
  const attributes = attributeProfiles(input, sizes, options);
  const representatives = nearestToCentroids(input);
  const activity = weeklyActivity(input, sizes);
  const names = nameSegments({
    labels,
    k,
    sizes,
    events,
    settings: input.settings,
    asOf: input.asOf,
    differences,
    categories,
    keywords: input.keywords,
    distinctiveKeywords: distinctive ?? undefined,
    segmentKeywords: keywords ?? undefined,
    alpha: options.alpha,
  });

  let populationChurned = 0;
  let populationScored = 0;
  for (const churn of input.churnScore ?? []) {
    if (Number.isNaN(churn)) continue;
    populationScored++;
    if (churn >= 0.5) populationChurned++;
  }
  const populationChurnShare = populationScored > 0 ? populationChurned / populationScored : null;

  const valueTotals = new Float64Array(k);
  let populationValue = 0;
  if (input.predictedValue) {
    for (let u = 0; u < users; u++) {
      valueTotals[labels[u]] += input.predictedValue[u];
      populationValue += input.predictedValue[u];
    }
  }

  const personas: Persona[] = [];
  for (let s = 0; s < k; s++) {
    let sentimentSum = 0;
    let textUsers = 0;
    let churned = 0;
    let scored = 0;
    for (let u = 0; u < users; u++) {
      if (labels[u] !== s) continue;
      const sentiment = input.sentiment?.[u];
      if (sentiment !== undefined && !Number.isNaN(sentiment)) {
        sentimentSum += sentiment;
        textUsers++;
      }
      const churn = input.churnScore?.[u];
      if (churn !== undefined && !Number.isNaN(churn)) {
        scored++;
        if (churn >= 0.5) churned++;
      }
    }
    const persona: Persona = {
      name: names[s],
      description: '',
      size: sizes[s],
      share: sizes[s] / users,
      traits: traitsBySegment[s].map(({ trait }) => trait),
      topCategories: categories[s],
      keywords: keywords?.[s] ?? [],
      attributes: attributes[s],
      sentiment: { mean: textUsers > 0 ? sentimentSum / textUsers : null, textUsers },
      topItems: topItems[s],
      churnShare: input.churnScore && scored > 0 ? churned / scored : null,
      populationChurnShare,
      predictedValue: input.predictedValue
        ? {
            horizonDays: input.settings.valueHorizonDays,
            total: valueTotals[s],
            mean: sizes[s] > 0 ? valueTotals[s] / sizes[s] : 0,
            populationMean: users > 0 ? populationValue / users : 0,
          }
        : null,
      nextInterests: nextInterests(input, s, sizes[s]),
      ...(input.goals?.length ? { goals: goalMeans(input, s, sizes[s]) } : {}),
      representativeUsers: representatives[s].map((u) => events.userIds[u]),
      activity: activity[s],
    };
    persona.description = writeDescription(persona);
    personas.push(persona);
  }
  return personas;
}

interface RankedTrait {
  trait: PersonaTrait;
  description: FeatureDescription;
}

/** Shown effects are capped: a constant segment against a varied rest has an infinite d. */
const maxShownEffect = 10;

/**
 * Every feature's difference of each segment from the rest of the population, tested: Cohen's d
 * on the feature's modelling scale (log1p for skewed counts and amounts), Welch's t-test,
 * p-values Bonferroni-corrected over segments x features. A trait is quoted only when
 * |d| >= minTraitEffect AND the corrected p < alpha, largest |d| first.
 */
function computeTraits(
  input: PersonaInput,
  options: PersonaOptions,
): { traitsBySegment: RankedTrait[][]; differences: TestedDifference[][] } {
  const { labels, k, features } = input;
  const { raw, describe } = features;
  const users = labels.length;
  const width = raw.cols;
  const traitCount = options.traitCount ?? 5;
  const minEffect = options.minTraitEffect ?? 0.2;
  const alpha = options.alpha ?? 0.01;
  const comparisons = k * width;
  const differences: TestedDifference[][] = Array.from({ length: k }, () => []);
  const count = new Float64Array(k);
  const sum = new Float64Array(k);
  const squares = new Float64Array(k);
  const readableSum = new Float64Array(k);
  const column = new Float64Array(users);
  const populationStats: Summary[] = [];
  for (let c = 0; c < width; c++) {
    const logScaled = describe[c].transform === 'log1p';
    count.fill(0);
    sum.fill(0);
    squares.fill(0);
    readableSum.fill(0);
    for (let u = 0; u < users; u++) {
      const value = raw.data[u * width + c];
      column[u] = value;
      if (Number.isNaN(value)) continue;
      const v = logScaled ? Math.log1p(Math.max(0, value)) : value;
      const s = labels[u];
      count[s]++;
      sum[s] += v;
      squares[s] += v * v;
      readableSum[s] += value;
    }
    populationStats.push(summarise(column));
    const totalCount = count.reduce((a, b) => a + b, 0);
    const totalSum = sum.reduce((a, b) => a + b, 0);
    const totalSquares = squares.reduce((a, b) => a + b, 0);
    const totalReadable = readableSum.reduce((a, b) => a + b, 0);
    for (let s = 0; s < k; s++) {
      const test = welchTest(
        moments(count[s], sum[s], squares[s]),
        moments(totalCount - count[s], totalSum - sum[s], totalSquares - squares[s]),
      );
      differences[s].push({
        description: describe[c],
        effect: test.effect,
        p: Math.min(1, test.p * comparisons),
        segmentMean: count[s] > 0 ? readableSum[s] / count[s] : Number.NaN,
        populationMean: totalCount > 0 ? totalReadable / totalCount : Number.NaN,
      });
    }
  }
  const segmentValues = new Float64Array(users);
  const traitsBySegment = differences.map((list, s) =>
    list
      .map((difference, c) => ({ difference, c }))
      .filter(({ difference }) => Math.abs(difference.effect) >= minEffect && difference.p < alpha)
      .sort((a, b) => Math.abs(b.difference.effect) - Math.abs(a.difference.effect))
      .flatMap(({ difference, c }) => {
        let n = 0;
        for (let u = 0; u < users; u++) if (labels[u] === s) segmentValues[n++] = raw.data[u * width + c];
        const segment = summarise(segmentValues.subarray(0, n));
        const trait = describeTrait(difference, segment, populationStats[c], input.currency ?? null);
        return trait ? [{ description: difference.description, trait }] : [];
      })
      .slice(0, traitCount),
  );
  return { traitsBySegment, differences };
}

function moments(count: number, sum: number, squares: number): SampleMoments {
  if (count === 0) return { count, mean: 0, variance: 0 };
  const mean = sum / count;
  const variance = count > 1 ? Math.max(0, (squares - count * mean * mean) / (count - 1)) : 0;
  return { count, mean, variance };
}

interface Summary {
  median: number;
  mean: number;
}

function summarise(values: Float64Array): Summary {
  const present = values.filter((v) => !Number.isNaN(v)).sort();
  if (present.length === 0) return { median: Number.NaN, mean: Number.NaN };
  let sum = 0;
  for (const v of present) sum += v;
  const middle = present.length >> 1;
  const median = present.length % 2 ? present[middle] : (present[middle - 1] + present[middle]) / 2;
  return { median, mean: sum / present.length };
}

/** A trait's ratio as its sentence shows it: "12", "2.5", and a ratio under 0.1 with one significant digit ("0.04", not "0.0"). */
export function formatRatio(ratio: number): string {
  return ratio >= 10 ? ratio.toFixed(0) : ratio >= 0.095 ? ratio.toFixed(1) : ratio.toPrecision(1);
}

/**
 * The trait in words, or null when its readable values would print the same ("rates 5.0 vs 5.0
 * overall"): medians describe typical users, but where they cannot show the tested difference the
 * means do, and a difference neither can show is not quoted.
 */
function describeTrait(
  difference: TestedDifference,
  segment: Summary,
  population: Summary,
  currency: string | null,
): PersonaTrait | null {
  const { description } = difference;
  const effect = Math.max(-maxShownEffect, Math.min(maxShownEffect, difference.effect));
  const medianFirst =
    description.comparison !== 'share' && (population.median > 0 || description.comparison === 'difference');
  const candidates = medianFirst ? [true, false] : [false];
  for (const useMedian of candidates) {
    const segmentValue = useMedian ? segment.median : segment.mean;
    const populationValue = useMedian ? population.median : population.mean;
    const shownSegment = formatValue(segmentValue, description.unit, currency);
    const shownPopulation = formatValue(populationValue, description.unit, currency);
    if (shownSegment === shownPopulation) continue;
    let sentence = description.sentence;
    if (description.comparison === 'ratio') {
      if (populationValue > 0 && segmentValue > 0) {
        const ratio = segmentValue / populationValue;
        const shownRatio = formatRatio(ratio);
        if (shownRatio === '1.0') continue;
        sentence = sentence.replace('{ratio}', `${shownRatio}x`);
        if (!useMedian) sentence = sentence.replace('the median', 'the average');
      } else {
        sentence = `${description.label.toLowerCase()}: {segment} vs {population} overall`;
      }
    }
    if (!useMedian && description.comparison === 'difference') sentence = sentence.replace('the median', 'the average');
    return {
      feature: description.name,
      label: description.label,
      segmentValue: Number.isFinite(segmentValue) ? segmentValue : 0,
      populationValue: Number.isFinite(populationValue) ? populationValue : 0,
      z: Math.round(effect * 1000) / 1000,
      p: difference.p,
      text: sentence.replace('{segment}', shownSegment).replace('{population}', shownPopulation),
    };
  }
  return null;
}

function formatValue(value: number, unit: FeatureDescription['unit'], currency: string | null): string {
  if (!Number.isFinite(value)) return 'n/a';
  const plain = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toFixed(v % 1 === 0 ? 0 : 1)).toString());
  switch (unit) {
    case 'share':
      return `${Math.round(value * 100)}%`;
    case 'money':
      return currency ? formatMoney(value, currency) : Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
    case 'days':
      return `${plain(value)} ${Math.abs(value - 1) < 1e-9 ? 'day' : 'days'}`;
    case 'rating':
      return value.toFixed(1);
    default:
      return plain(value);
  }
}

/**
 * Categories per segment ranked by class-based TF-IDF (as in BERTopic): a category's share of the
 * segment's item activity times log(1 + average activity per segment / the category's activity
 * across all segments), so categories everyone touches do not top every segment.
 */
function categoryProfiles(input: PersonaInput, sizes: Float64Array): Persona['topCategories'][] {
  const { events, items, labels, k } = input;
  const categoryIndex = new Map<string, number>();
  const itemCategories: number[][] = items.categories.map((list) =>
    [...new Set(list ?? [])].map((name) => {
      let index = categoryIndex.get(name);
      if (index === undefined) {
        index = categoryIndex.size;
        categoryIndex.set(name, index);
      }
      return index;
    }),
  );
  const names = [...categoryIndex.keys()];
  const categoryCount = names.length;
  if (categoryCount === 0) return Array.from({ length: k }, () => []);
  const counts = new Float64Array(k * categoryCount);
  const itemEvents = new Float64Array(k);
  for (let e = 0; e < events.item.length; e++) {
    const item = events.item[e];
    if (item < 0) continue;
    const s = labels[events.user[e]];
    itemEvents[s]++;
    for (const c of itemCategories[item] ?? []) counts[s * categoryCount + c]++;
  }
  const totalItemEvents = itemEvents.reduce((a, b) => a + b, 0);
  const categoryTotals = new Float64Array(categoryCount);
  for (let s = 0; s < k; s++)
    for (let c = 0; c < categoryCount; c++) categoryTotals[c] += counts[s * categoryCount + c];
  const averagePerClass = counts.reduce((a, b) => a + b, 0) / k;
  return Array.from({ length: k }, (_, s) => {
    if (sizes[s] === 0 || itemEvents[s] === 0) return [];
    const scored = names
      .map((name, c) => {
        const share = counts[s * categoryCount + c] / itemEvents[s];
        const overall = categoryTotals[c] / totalItemEvents;
        const tfidf = share * Math.log(1 + averagePerClass / Math.max(1, categoryTotals[c]));
        return { name, share, lift: overall > 0 ? share / overall : 0, tfidf };
      })
      .filter((entry) => entry.share > 0);
    // Categories the segment over-uses; a segment that over-uses none is shown its biggest ones.
    const distinctive = scored.filter((entry) => entry.lift > 1).sort((a, b) => b.tfidf - a.tfidf);
    const shown = distinctive.length > 0 ? distinctive : scored.sort((a, b) => b.share - a.share);
    return shown.slice(0, 5).map(({ name, share, lift }) => ({ name, share: round(share), lift: round(lift) }));
  });
}

/**
 * Each segment's commonest values of each attribute against the population's. A value is
 * `distinct` (and a description may quote it) when the segment's share differs from the rest's
 * by a tested margin, as traits do: Cohen's h >= minTraitEffect and a two-proportion p below
 * alpha, Bonferroni-corrected over the segments and every value of every attribute.
 */
function attributeProfiles(input: PersonaInput, sizes: Float64Array, options: PersonaOptions): Persona['attributes'][] {
  const { labels, k } = input;
  const minEffect = options.minTraitEffect ?? 0.2;
  const alpha = options.alpha ?? 0.01;
  const tallies: {
    name: string;
    segmentCounts: Map<string, number>[];
    populationCounts: Map<string, number>;
    known: Float64Array;
    populationKnown: number;
  }[] = [];
  let comparisons = 0;
  const sensitive = new Set(input.settings.sensitiveAttributes.map((name) => name.toLowerCase()));
  const result: Persona['attributes'][] = Array.from({ length: k }, () => ({}));
  for (const attribute of input.attributes ?? []) {
    if (sensitive.has(attribute.name.toLowerCase())) continue;
    const bucketOf = attribute.kind === 'number' ? numberBuckets(attribute.values) : (v: unknown) => String(v);
    const segmentCounts = Array.from({ length: k }, () => new Map<string, number>());
    const populationCounts = new Map<string, number>();
    const known = new Float64Array(k);
    let populationKnown = 0;
    attribute.values.forEach((value, u) => {
      if (value === null || value === undefined || value === '' || u >= labels.length) return;
      const key = bucketOf(value);
      const counts = segmentCounts[labels[u]];
      counts.set(key, (counts.get(key) ?? 0) + 1);
      populationCounts.set(key, (populationCounts.get(key) ?? 0) + 1);
      known[labels[u]]++;
      populationKnown++;
    });
    tallies.push({ name: attribute.name, segmentCounts, populationCounts, known, populationKnown });
    comparisons += k * populationCounts.size;
  }
  for (const { name, segmentCounts, populationCounts, known, populationKnown } of tallies) {
    for (let s = 0; s < k; s++) {
      if (known[s] === 0 || sizes[s] === 0) continue;
      result[s][name] = [...segmentCounts[s].entries()]
        .map(([value, count]) => {
          const everyone = populationCounts.get(value) ?? 0;
          const test = twoProportionTest(count, known[s], everyone - count, populationKnown - known[s]);
          return {
            value,
            share: round(count / known[s]),
            populationShare: round(everyone / populationKnown),
            distinct: Math.abs(test.effect) >= minEffect && test.p * comparisons < alpha,
          };
        })
        .sort((a, b) => b.share - a.share || (a.value < b.value ? -1 : 1))
        .slice(0, 6);
    }
  }
  return result;
}

/** Population quartile ranges, so a numeric attribute reads as "25-34" style buckets. */
function numberBuckets(values: AttributeColumn['values']): (value: unknown) => string {
  const numbers = Float64Array.from(
    values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)),
  ).sort();
  if (numbers.length === 0) return (value) => String(value);
  const cut = (q: number) => numbers[Math.min(numbers.length - 1, Math.floor(q * numbers.length))];
  const edges = [...new Set([cut(0.25), cut(0.5), cut(0.75)])];
  const format = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
  return (value) => {
    const v = Number(value);
    let bucket = 0;
    while (bucket < edges.length && v >= edges[bucket]) bucket++;
    if (bucket === 0) return `< ${format(edges[0])}`;
    if (bucket === edges.length) return `>= ${format(edges[edges.length - 1])}`;
    return `${format(edges[bucket - 1])} to < ${format(edges[bucket])}`;
  };
}

function nextInterests(input: PersonaInput, segment: number, size: number): Persona['nextInterests'] {
  if (!input.propensity || size === 0) return [];
  const { labels } = input;
  return input.propensity
    .map(({ category, scores }) => {
      let segmentSum = 0;
      let total = 0;
      for (let u = 0; u < labels.length; u++) {
        total += scores[u];
        if (labels[u] === segment) segmentSum += scores[u];
      }
      return { category, segmentMean: round(segmentSum / size, 4), populationMean: round(total / labels.length, 4) };
    })
    .sort((a, b) => b.segmentMean / (b.populationMean || 1) - a.segmentMean / (a.populationMean || 1))
    .slice(0, 3);
}

/** Each predictive goal's mean probability in the segment beside the population's, in the goals' order. */
function goalMeans(input: PersonaInput, segment: number, size: number): NonNullable<Persona['goals']> {
  const { labels } = input;
  return (input.goals ?? []).map(({ target, name, horizonDays, scores }) => {
    let segmentSum = 0;
    let total = 0;
    for (let u = 0; u < labels.length; u++) {
      total += scores[u];
      if (labels[u] === segment) segmentSum += scores[u];
    }
    return {
      target,
      name,
      horizonDays,
      segmentMean: size > 0 ? round(segmentSum / size, 4) : 0,
      populationMean: round(total / labels.length, 4),
    };
  });
}

function nearestToCentroids(input: PersonaInput): number[][] {
  const { profile, centroids, labels, k } = input;
  const { cols, data } = profile;
  const nearest: { user: number; distance: number }[][] = Array.from({ length: k }, () => []);
  for (let u = 0; u < labels.length; u++) {
    const s = labels[u];
    let distance = 0;
    for (let t = 0; t < cols; t++) distance += (data[u * cols + t] - centroids.data[s * cols + t]) ** 2;
    const list = nearest[s];
    if (list.length < 3 || distance < list[list.length - 1].distance) {
      list.push({ user: u, distance });
      list.sort((a, b) => a.distance - b.distance || a.user - b.user);
      if (list.length > 3) list.pop();
    }
  }
  return nearest.map((list) => list.map(({ user }) => user));
}

/**
 * Events per member per week, for the last activityWeeks weeks, or for the whole weeks the data
 * spans when it starts later: a week before the first event is not a week of no activity (a
 * 24-day log read as eight empty weeks, then four active ones), and a week holding only the
 * data's first hours is not a quiet one.
 */
function weeklyActivity(input: PersonaInput, sizes: Float64Array): number[][] {
  const { events, labels, k, asOf } = input;
  let first = Number.POSITIVE_INFINITY;
  for (let e = 0; e < events.ts.length; e++) if (events.ts[e] < first) first = events.ts[e];
  const weeks = Number.isFinite(first)
    ? Math.max(1, Math.min(activityWeeks, Math.floor((asOf - first) / weekMs)))
    : activityWeeks;
  const counts = new Float64Array(k * weeks);
  for (let e = 0; e < events.ts.length; e++) {
    const weeksAgo = Math.floor((asOf - events.ts[e]) / weekMs);
    if (weeksAgo < 0 || weeksAgo >= weeks) continue;
    counts[labels[events.user[e]] * weeks + (weeks - 1 - weeksAgo)]++;
  }
  return Array.from({ length: k }, (_, s) =>
    Array.from({ length: weeks }, (_, w) => round(counts[s * weeks + w] / (sizes[s] || 1), 3)),
  );
}

function writeDescription(persona: Persona): string {
  const sentences: string[] = [];
  const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;
  sentences.push(segmentSizeSentence(persona.name, persona.size, persona.share));
  const traitTexts = persona.traits.slice(0, 3).map((trait) => trait.text);
  if (traitTexts.length > 0) {
    const joined =
      traitTexts.length === 1
        ? traitTexts[0]
        : `${traitTexts.slice(0, -1).join('; ')}; and ${traitTexts[traitTexts.length - 1]}`;
    sentences.push(`Compared with everyone: ${joined}.`);
  }
  const categories = persona.topCategories.slice(0, 3);
  if (categories.length > 0) {
    sentences.push(
      `Most distinctive categories: ${categories.map((c) => `${c.name} (${percent(c.share)}, ${c.lift.toFixed(1)}x the overall share)`).join(', ')}.`,
    );
  }
  if (persona.keywords.length > 0) {
    sentences.push(
      `Words they use: ${persona.keywords
        .slice(0, 5)
        .map((k) => k.term)
        .join(', ')}.`,
    );
  }
  if (persona.topItems.length > 0) {
    sentences.push(
      `Over-represented items: ${persona.topItems
        .slice(0, 3)
        .map((item) => `${item.title ?? item.itemId} (${item.lift.toFixed(1)}x)`)
        .join(', ')}.`,
    );
  }
  for (const [name, values] of Object.entries(persona.attributes)) {
    const top = quotedAttributeValue(values);
    if (top) {
      sentences.push(`${percent(top.share)} have ${name} ${top.value} (vs ${percent(top.populationShare)} overall).`);
    }
  }
  if (persona.sentiment.mean !== null) {
    const mean = persona.sentiment.mean;
    sentences.push(
      `Their reviews read ${sentimentTone(mean)} (mean sentiment ${mean >= 0 ? '+' : ''}${mean.toFixed(2)}).`,
    );
  }
  if (persona.churnShare !== null) {
    const overall = persona.populationChurnShare;
    sentences.push(
      `${percent(persona.churnShare)} are at risk of churning${overall == null ? '' : ` (vs ${percent(overall)} overall)`}.`,
    );
  }
  return sentences.join(' ');
}
