import { embedColumnCounts, embeddingColumnCounts } from '@/lib/ml/embed/behaviourEmbedding';
import { behaviourCounting, behaviourFeaturesFromTotals } from '@/lib/ml/features/behaviourFeatures';
import type { ProfileModel } from '@/lib/ml/features/profileModel';
import { applyProfileVector } from '@/lib/ml/features/profileVector';
import { type UserEventTotals, userEventTotals } from '@/lib/ml/features/userEventTotals';
import { placeOnPcaMap } from '@/lib/ml/map/projectMap';
import { defaultRatingTypes } from '@/lib/ml/recommend/userItemInteractions';
import { analyseText, type TextAnalysis } from '@/lib/ml/text/analyseText';
import { textForAnalysis } from '@/lib/ml/text/textFeatures';
import { countTerms, projectTermCounts } from '@/lib/ml/text/tfidfSvdTextVectors';
import type { DenseMatrix, EventTable, ItemTable, PipelineSettings } from '@/lib/ml/types';

/** A user's engagement with one item so far: what the recommender folds in and its reasons name. */
export interface ItemPair {
  itemId: string;
  /** epoch ms of the user's latest event on the item */
  lastTs: number;
  purchased: boolean;
  /** the latest rating given, null when none */
  rating: number | null;
  /** type of the latest event on the item */
  lastType: string;
}

/**
 * Running per-user aggregates of everything a run's served models read from a user's events,
 * counted with the run's column choices: the behaviour totals (counts per event type and category,
 * spend, first, last and last purchase, active days, day parts, prices, ratings), the behaviour
 * embedding's column counts, the text block's term counts (TF-IDF runs) or sentence-vector sum
 * (transformers runs), sentiment sums, and the item pairs the recommender folds in. Folding a
 * user's newer events into them gives what a pass over all their events gives, so an update
 * reads only the events that are new.
 */
export interface UserEventStates {
  userIds: string[];
  totals: UserEventTotals;
  embeddingCounts: Map<number, number>[];
  /** per user, TF-IDF runs only (empty maps otherwise) */
  textTermCounts: Map<number, number>[];
  /** users x dimension, transformers runs only: the float32 sum of their texts' sentence vectors */
  textVectorSums: Float32Array;
  sentimentSum: Float64Array;
  sentimentCount: Float64Array;
  pairs: ItemPair[][];
  /** per user, the items whose pair the last fold changed; null when every pair is new (counted from nothing) */
  touchedPairs: (Set<string> | null)[];
}

export interface FoldInput {
  events: EventTable;
  items: ItemTable;
  settings: PipelineSettings;
  model: ProfileModel;
  /** transformers runs: the sentence vector of each new text that has one */
  sentenceVectors?: Map<string, Float32Array>;
}

const unreadable: TextAnalysis = { language: 'other', terms: [], sentiment: null, entities: [] };

/** A text as the training's text stage analyses it; one the analysers cannot read counts for nothing there, and here. */
function analysedText(text: string): TextAnalysis {
  try {
    return analyseText(textForAnalysis(text));
  } catch {
    return unreadable;
  }
}

function textDimension(model: ProfileModel): number {
  return model.text?.method === 'transformers' ? model.text.dimension : 0;
}

/**
 * The states of `events.userIds` after their events (sorted by user, then time), going on from
 * `start` (the same users' states before these events, in the same order) or from nothing.
 * Equal to the states of all their events at once when every event is at or after the user's
 * latest event in `start` (`foldsInOrder`).
 */
export function foldUserEvents(input: FoldInput, start?: UserEventStates): UserEventStates {
  const { events, items, settings, model } = input;
  const users = events.userIds.length;
  if (start && start.userIds.length !== users) throw new Error('the starting states do not fit these users');
  const { counting } = behaviourCounting(events, items, settings, { model: model.behaviour });
  const totals = userEventTotals(events, items, counting, start?.totals);
  const embeddingCounts = embeddingColumnCounts(events, items, model.embedding, start?.embeddingCounts);

  const dimension = textDimension(model);
  const textTermCounts = start ? start.textTermCounts.map((counts) => new Map(counts)) : emptyMaps(users);
  const textVectorSums = start ? start.textVectorSums.slice() : new Float32Array(users * dimension);
  const sentimentSum = start ? start.sentimentSum.slice() : new Float64Array(users);
  const sentimentCount = start ? start.sentimentCount.slice() : new Float64Array(users);
  const pairs = start ? start.pairs.map((list) => list.map((pair) => ({ ...pair }))) : emptyLists(users);
  const pairIndex = pairs.map((list) => new Map(list.map((pair, index) => [pair.itemId, index])));
  const touchedPairs = start
    ? start.touchedPairs.map((touched) => (touched ? new Set(touched) : null))
    : Array.from({ length: users }, () => null);
  const purchaseTypes = new Set(settings.purchaseTypes.map((type) => type.toLowerCase()));
  const ratingTypes = new Set(defaultRatingTypes);

  for (let e = 0; e < events.user.length; e++) {
    const u = events.user[e];
    const text = events.text[e] ?? null;
    if (text !== null && text.trim() !== '') {
      const analysis = analysedText(text);
      if (analysis.sentiment !== null) {
        sentimentSum[u] += analysis.sentiment;
        sentimentCount[u]++;
      }
      if (model.text?.method === 'tfidf-svd') {
        textTermCounts[u] = countTerms(analysis.terms, model.text.tfidf, textTermCounts[u]);
      } else if (dimension > 0) {
        const vector = input.sentenceVectors?.get(text);
        if (vector) for (let d = 0; d < dimension; d++) textVectorSums[u * dimension + d] += vector[d];
      }
    }
    const item = events.item[e];
    if (item < 0) continue;
    const itemId = events.itemIds[item];
    const type = events.types[events.type[e]];
    let index = pairIndex[u].get(itemId);
    if (index === undefined) {
      index = pairs[u].length;
      pairIndex[u].set(itemId, index);
      pairs[u].push({ itemId, lastTs: events.ts[e], purchased: false, rating: null, lastType: type });
    }
    const pair = pairs[u][index];
    touchedPairs[u]?.add(itemId);
    pair.lastTs = Math.max(pair.lastTs, events.ts[e]);
    pair.lastType = type;
    if (purchaseTypes.has(type.toLowerCase())) pair.purchased = true;
    if (ratingTypes.has(type.toLowerCase()) && !Number.isNaN(events.value[e])) pair.rating = events.value[e];
  }
  return {
    userIds: events.userIds,
    totals,
    embeddingCounts,
    textTermCounts,
    textVectorSums,
    sentimentSum,
    sentimentCount,
    pairs,
    touchedPairs,
  };
}

/** Whether user `u`'s new events all come at or after the latest event its state has seen. */
export function foldsInOrder(start: UserEventStates, u: number, newEvents: EventTable, from: number, to: number) {
  const last = start.totals.last[u];
  for (let e = from; e < to; e++) if (newEvents.ts[e] < last) return false;
  return true;
}

export interface StateProfiles {
  /** users x profile width, in the run's profile space */
  vectors: DenseMatrix;
  /** null for a UMAP run */
  map: { x: Float32Array; y: Float32Array } | null;
  featureNames: string[];
  /** readable behaviour features, users x features: what the score models read */
  raw: DenseMatrix;
  /** mean sentiment per user, NaN without scored text */
  sentiment: Float32Array;
  /** epoch ms of each user's latest event */
  lastEventMs: Float64Array;
}

/** Profile vectors, map positions and readable features from users' states, as `profileWithModel` gives them from all their events. */
export function profilesFromStates(states: UserEventStates, model: ProfileModel, asOf: number): StateProfiles {
  const users = states.userIds.length;
  const features = behaviourFeaturesFromTotals(
    states.totals,
    model.behaviour.topTypes,
    model.behaviour.topCategories,
    asOf,
    model.behaviour,
  );
  const blocks: Record<string, DenseMatrix> = {
    behaviour: features.matrix,
    behaviourEmbedding: embedColumnCounts(states.embeddingCounts, model.embedding),
  };
  if (model.text?.method === 'tfidf-svd') blocks.text = projectTermCounts(states.textTermCounts, model.text.tfidf);
  else if (model.text) blocks.text = normalisedRows(states.textVectorSums, users, model.text.dimension);
  const vectors = applyProfileVector(blocks, model.layout, model.centres);
  const sentiment = new Float32Array(users);
  for (let u = 0; u < users; u++) {
    sentiment[u] = states.sentimentCount[u] > 0 ? states.sentimentSum[u] / states.sentimentCount[u] : Number.NaN;
  }
  return {
    vectors,
    map: model.map.method === 'pca' ? placeOnPcaMap(vectors, model.map.pca) : null,
    featureNames: features.names,
    raw: features.raw,
    sentiment,
    lastEventMs: states.totals.last,
  };
}

/** Rows scaled to unit length (zero rows stay zero), in float32 as the text block is built. */
function normalisedRows(sums: Float32Array, rows: number, cols: number): DenseMatrix {
  const data = sums.slice();
  for (let row = 0; row < rows; row++) {
    const offset = row * cols;
    let norm = 0;
    for (let d = 0; d < cols; d++) norm += data[offset + d] ** 2;
    if (norm === 0) continue;
    const scale = 1 / Math.sqrt(norm);
    for (let d = 0; d < cols; d++) data[offset + d] *= scale;
  }
  return { rows, cols, data };
}

/** The states of users at these positions, in this order. */
export function selectUserEventStates(states: UserEventStates, positions: number[]): UserEventStates {
  const users = states.userIds.length;
  const pick = <T extends Float64Array | Float32Array>(array: T): T => {
    const width = users > 0 ? array.length / users : 0;
    const picked = new (array.constructor as new (length: number) => T)(positions.length * width);
    positions.forEach((u, k) => {
      picked.set(array.subarray(u * width, (u + 1) * width), k * width);
    });
    return picked;
  };
  const totals = Object.fromEntries(
    Object.entries(states.totals).map(([name, array]) => [name, pick(array)]),
  ) as unknown as UserEventTotals;
  return {
    userIds: positions.map((u) => states.userIds[u]),
    totals,
    embeddingCounts: positions.map((u) => states.embeddingCounts[u]),
    textTermCounts: positions.map((u) => states.textTermCounts[u]),
    textVectorSums: pick(states.textVectorSums),
    sentimentSum: pick(states.sentimentSum),
    sentimentCount: pick(states.sentimentCount),
    pairs: positions.map((u) => states.pairs[u]),
    touchedPairs: positions.map((u) => states.touchedPairs[u]),
  };
}

/** The states of several groups of users (counted under the same model, at least one group), one group after another. */
export function concatUserEventStates(parts: UserEventStates[]): UserEventStates {
  const nonEmpty = parts.filter((part) => part.userIds.length > 0);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? parts[0];
  const join = <T extends Float64Array | Float32Array>(arrays: T[]): T => {
    const joined = new (arrays[0].constructor as new (length: number) => T)(
      arrays.reduce((sum, array) => sum + array.length, 0),
    );
    let at = 0;
    for (const array of arrays) {
      joined.set(array, at);
      at += array.length;
    }
    return joined;
  };
  const names = Object.keys(nonEmpty[0].totals) as (keyof UserEventTotals)[];
  return {
    userIds: nonEmpty.flatMap((part) => part.userIds),
    totals: Object.fromEntries(
      names.map((name) => [name, join(nonEmpty.map((part) => part.totals[name]))]),
    ) as unknown as UserEventTotals,
    embeddingCounts: nonEmpty.flatMap((part) => part.embeddingCounts),
    textTermCounts: nonEmpty.flatMap((part) => part.textTermCounts),
    textVectorSums: join(nonEmpty.map((part) => part.textVectorSums)),
    sentimentSum: join(nonEmpty.map((part) => part.sentimentSum)),
    sentimentCount: join(nonEmpty.map((part) => part.sentimentCount)),
    pairs: nonEmpty.flatMap((part) => part.pairs),
    touchedPairs: nonEmpty.flatMap((part) => part.touchedPairs),
  };
}

function emptyMaps(users: number): Map<number, number>[] {
  return Array.from({ length: users }, () => new Map<number, number>());
}

function emptyLists(users: number): ItemPair[][] {
  return Array.from({ length: users }, () => []);
}
