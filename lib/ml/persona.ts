import type { BehaviourFeatures, FeatureDescription } from '@/lib/ml/behaviourFeatures';
import type { AttributeColumn, DenseMatrix, EventTable, ItemTable, PipelineSettings } from '@/lib/ml/types';
import type { Persona, PersonaTrait } from '@/lib/runs/persona.types';

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
  /** per user churn probability, NaN when unknown */
  churnScore?: Float32Array;
  /** per category-interest target, each user's propensity score */
  propensity?: { category: string; scores: Float32Array }[];
}

export interface PersonaOptions {
  /** traits quoted per persona (default 5) */
  traitCount?: number;
  /** |standardised difference| a trait needs to be quoted (default 0.25) */
  minTraitEffect?: number;
}

const weekMs = 7 * 86_400_000;
const activityWeeks = 12;

/**
 * One persona per segment, written from what sets it apart: the behaviour features furthest
 * from the population (in standard deviations) quoted with their readable values, categories and
 * keywords ranked by class-based TF-IDF, over-indexing items, attribute mixes, sentiment, churn
 * share and the users nearest the centroid. Names are assembled from the strongest traits
 * (adjective + defining category + buyer/browser), so they differ because segments differ.
 */
export function describeSegments(input: PersonaInput, options: PersonaOptions = {}): Persona[] {
  const { labels, k, events, features } = input;
  const users = labels.length;
  if (features.matrix.rows !== users) throw new RangeError('features and labels describe different users');
  const sizes = new Float64Array(k);
  for (let u = 0; u < users; u++) sizes[labels[u]]++;

  const { traitsBySegment, effects } = computeTraits(input, sizes, options);
  const categories = categoryProfiles(input, sizes);
  const keywords = input.keywords ? keywordProfiles(input.keywords, labels, k) : null;
  const topItems = overIndexingItems(input, sizes);
  const attributes = attributeProfiles(input, sizes);
  const representatives = nearestToCentroids(input);
  const activity = weeklyActivity(input, sizes);
  const names = nameSegments(traitsBySegment, effects, categories, features.describe);

  let populationChurned = 0;
  let populationScored = 0;
  for (const churn of input.churnScore ?? []) {
    if (Number.isNaN(churn)) continue;
    populationScored++;
    if (churn >= 0.5) populationChurned++;
  }
  const populationChurnShare = populationScored > 0 ? populationChurned / populationScored : null;

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
      nextInterests: nextInterests(input, s, sizes[s]),
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

/** Quoted traits per segment, and every feature's standardised difference (segments x features). */
function computeTraits(
  input: PersonaInput,
  sizes: Float64Array,
  options: PersonaOptions,
): { traitsBySegment: RankedTrait[][]; effects: Float64Array } {
  const { labels, k, features } = input;
  const { matrix, raw, describe } = features;
  const users = labels.length;
  const width = matrix.cols;
  const traitCount = options.traitCount ?? 5;
  const minEffect = options.minTraitEffect ?? 0.25;
  const result: RankedTrait[][] = [];
  const zMeans = new Float64Array(k * width);
  for (let u = 0; u < users; u++) {
    for (let c = 0; c < width; c++) zMeans[labels[u] * width + c] += matrix.data[u * width + c];
  }
  for (let s = 0; s < k; s++) for (let c = 0; c < width; c++) zMeans[s * width + c] /= sizes[s] || 1;

  const column = new Float64Array(users);
  const populationStats = describe.map((_, c) => {
    for (let u = 0; u < users; u++) column[u] = raw.data[u * width + c];
    return summarise(column);
  });
  const segmentValues = new Float64Array(users);
  for (let s = 0; s < k; s++) {
    const ranked = describe
      .map((description, c) => ({ description, c, z: zMeans[s * width + c] }))
      .filter(({ z }) => Math.abs(z) >= minEffect)
      .sort((a, b) => Math.abs(b.z) - Math.abs(a.z))
      .slice(0, traitCount);
    result.push(
      ranked.map(({ description, c, z }) => {
        let count = 0;
        for (let u = 0; u < users; u++) if (labels[u] === s) segmentValues[count++] = raw.data[u * width + c];
        const segment = summarise(segmentValues.subarray(0, count));
        return { description, trait: describeTrait(description, z, segment, populationStats[c]) };
      }),
    );
  }
  return { traitsBySegment: result, effects: zMeans };
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

function describeTrait(
  description: FeatureDescription,
  z: number,
  segment: Summary,
  population: Summary,
): PersonaTrait {
  let segmentValue: number;
  let populationValue: number;
  let sentence = description.sentence;
  if (description.comparison === 'share') {
    segmentValue = segment.mean;
    populationValue = population.mean;
  } else {
    // Medians describe typical users; when most users sit at zero the medians cannot compare, so means do.
    const useMedian = population.median > 0 || description.comparison === 'difference';
    segmentValue = useMedian ? segment.median : segment.mean;
    populationValue = useMedian ? population.median : population.mean;
    if (description.comparison === 'ratio') {
      if (populationValue > 0) {
        const ratio = segmentValue / populationValue;
        sentence = sentence.replace('{ratio}', `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1)}x`);
        if (!useMedian) sentence = sentence.replace('the median', 'the average');
      } else {
        sentence = `${description.label.toLowerCase()}: {segment} vs {population} overall`;
      }
    }
  }
  const text = sentence
    .replace('{segment}', formatValue(segmentValue, description.unit))
    .replace('{population}', formatValue(populationValue, description.unit));
  return {
    feature: description.name,
    label: description.label,
    segmentValue: Number.isFinite(segmentValue) ? segmentValue : 0,
    populationValue: Number.isFinite(populationValue) ? populationValue : 0,
    z: Math.round(z * 1000) / 1000,
    text,
  };
}

function formatValue(value: number, unit: FeatureDescription['unit']): string {
  if (!Number.isFinite(value)) return 'n/a';
  const plain = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toFixed(v % 1 === 0 ? 0 : 1)).toString());
  switch (unit) {
    case 'share':
      return `${Math.round(value * 100)}%`;
    case 'money':
      return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
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

function keywordProfiles(keywords: string[][], labels: Int32Array, k: number): Persona['keywords'][] {
  const perSegment = Array.from({ length: k }, () => new Map<string, number>());
  const totals = new Map<string, number>();
  const segmentTerms = new Float64Array(k);
  keywords.forEach((terms, u) => {
    const segment = perSegment[labels[u]];
    for (const raw of terms ?? []) {
      const term = raw.toLowerCase();
      segment.set(term, (segment.get(term) ?? 0) + 1);
      totals.set(term, (totals.get(term) ?? 0) + 1);
      segmentTerms[labels[u]]++;
    }
  });
  const averagePerClass = segmentTerms.reduce((a, b) => a + b, 0) / k;
  return perSegment.map((terms, s) =>
    [...terms.entries()]
      .map(([term, count]) => ({
        term,
        weight: (count / segmentTerms[s]) * Math.log(1 + averagePerClass / (totals.get(term) ?? 1)),
      }))
      .sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1))
      .slice(0, 8)
      .map(({ term, weight }) => ({ term, weight: round(weight, 5) })),
  );
}

/** Items a segment's users touch far more often than everyone else, with enough users to matter. */
function overIndexingItems(input: PersonaInput, sizes: Float64Array): Persona['topItems'][] {
  const { events, items, labels, k } = input;
  const itemCount = events.itemIds.length;
  const segmentUsers = new Float64Array(itemCount * k);
  const allUsers = new Float64Array(itemCount);
  const lastUser = new Int32Array(itemCount).fill(-1);
  for (let e = 0; e < events.item.length; e++) {
    const item = events.item[e];
    const u = events.user[e];
    if (item < 0 || lastUser[item] === u) continue;
    lastUser[item] = u;
    segmentUsers[item * k + labels[u]]++;
    allUsers[item]++;
  }
  const users = labels.length;
  return Array.from({ length: k }, (_, s) => {
    const minimumUsers = Math.max(3, Math.ceil(0.02 * sizes[s]));
    const candidates: Persona['topItems'] = [];
    for (let item = 0; item < itemCount; item++) {
      const count = segmentUsers[item * k + s];
      if (count < minimumUsers) continue;
      const lift = count / sizes[s] / (allUsers[item] / users);
      if (lift <= 1) continue;
      candidates.push({
        itemId: events.itemIds[item],
        title: items.titles[item] ?? null,
        lift: round(lift),
        users: count,
      });
    }
    return candidates.sort((a, b) => b.lift - a.lift || b.users - a.users).slice(0, 5);
  });
}

function attributeProfiles(input: PersonaInput, sizes: Float64Array): Persona['attributes'][] {
  const { labels, k } = input;
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
    for (let s = 0; s < k; s++) {
      if (known[s] === 0 || sizes[s] === 0) continue;
      result[s][attribute.name] = [...segmentCounts[s].entries()]
        .map(([value, count]) => ({
          value,
          share: round(count / known[s]),
          populationShare: round((populationCounts.get(value) ?? 0) / populationKnown),
        }))
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

function weeklyActivity(input: PersonaInput, sizes: Float64Array): number[][] {
  const { events, labels, k, asOf } = input;
  const counts = new Float64Array(k * activityWeeks);
  for (let e = 0; e < events.ts.length; e++) {
    const weeksAgo = Math.floor((asOf - events.ts[e]) / weekMs);
    if (weeksAgo < 0 || weeksAgo >= activityWeeks) continue;
    counts[labels[events.user[e]] * activityWeeks + (activityWeeks - 1 - weeksAgo)]++;
  }
  return Array.from({ length: k }, (_, s) =>
    Array.from({ length: activityWeeks }, (_, w) => round(counts[s * activityWeeks + w] / (sizes[s] || 1), 3)),
  );
}

/**
 * "<Adjective> <Category> <noun>": the adjective from the strongest non-category trait that has a
 * word for its direction, the category with the highest lift among those making up at least a
 * quarter of the segment's activity, the noun from how much the segment buys. Clashing names take
 * their next distinguishing adjective.
 */
function nameSegments(
  traits: RankedTrait[][],
  effects: Float64Array,
  categories: Persona['topCategories'][],
  describe: FeatureDescription[],
): string[] {
  const width = describe.length;
  const effectOf = (s: number, name: string) => {
    const column = describe.findIndex((d) => d.name === name);
    return column >= 0 ? effects[s * width + column] : undefined;
  };
  const parts = traits.map((ranked, s) => {
    const adjectives: string[] = [];
    for (const { trait, description } of ranked) {
      if (description.group === 'categories') continue;
      const word = trait.z > 0 ? description.highWord : description.lowWord;
      if (word && !adjectives.includes(word)) adjectives.push(word);
    }
    const category = [...categories[s]]
      .filter((c) => c.share >= 0.25 && c.lift >= 1.2)
      .sort((a, b) => b.lift - a.lift)[0]?.name;
    const buying = effectOf(s, 'purchase_count');
    const browsing = effectOf(s, 'type_share_view');
    let noun = buying === undefined ? 'users' : 'shoppers';
    if (buying !== undefined && buying >= 0.25) noun = 'buyers';
    else if ((buying !== undefined && buying <= -0.25) || (browsing !== undefined && browsing >= 0.25))
      noun = 'browsers';
    return { adjectives, category, noun };
  });
  const compose = (s: number, adjectiveCount: number) => {
    const { adjectives, category, noun } = parts[s];
    const words = adjectives.slice(0, adjectiveCount).map((word, i) => (i === 0 ? word : word.toLowerCase()));
    if (words.length === 0 && !category) words.push('Typical');
    const name = [...words, category, noun].filter(Boolean).join(' ');
    return name.charAt(0).toUpperCase() + name.slice(1);
  };
  const adjectiveCounts = parts.map(() => 1);
  let names = parts.map((_, s) => compose(s, 1));
  for (let attempt = 0; attempt < 3; attempt++) {
    const clashing = names.map((name) => names.filter((other) => other === name).length > 1);
    if (!clashing.some(Boolean)) break;
    names = names.map((name, s) => {
      if (!clashing[s] || adjectiveCounts[s] >= parts[s].adjectives.length) return name;
      adjectiveCounts[s]++;
      return compose(s, adjectiveCounts[s]);
    });
  }
  const seen = new Map<string, number>();
  return names.map((name) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name} (${count})`;
  });
}

function writeDescription(persona: Persona): string {
  const sentences: string[] = [];
  const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;
  sentences.push(`${persona.name}: ${persona.size.toLocaleString('en-US')} users (${percent(persona.share)} of all).`);
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
    const top = values[0];
    if (top && top.share >= top.populationShare * 1.2 && top.share >= 0.2) {
      sentences.push(`${percent(top.share)} have ${name} ${top.value} (vs ${percent(top.populationShare)} overall).`);
    }
  }
  if (persona.sentiment.mean !== null) {
    const mood = persona.sentiment.mean > 0.2 ? 'positive' : persona.sentiment.mean < -0.2 ? 'negative' : 'mixed';
    sentences.push(`Their reviews read ${mood} (mean sentiment ${persona.sentiment.mean.toFixed(2)}).`);
  }
  if (persona.churnShare !== null) {
    const overall = persona.populationChurnShare;
    sentences.push(
      `${percent(persona.churnShare)} are at risk of churning${overall == null ? '' : ` (vs ${percent(overall)} overall)`}.`,
    );
  }
  return sentences.join(' ');
}

function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
