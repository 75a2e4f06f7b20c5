import type { FittedRecommender } from '@/lib/ml/recommend/recommender';
import { selectTopItems } from '@/lib/ml/recommend/selectTopItems';
import { type InteractionKinds, itemUserCounts, transposeInteractions } from '@/lib/ml/recommend/userItemInteractions';

export type RecommendationReason =
  | {
      kind: 'similar-item';
      /** the user's own item that contributes most to the score */
      becauseItem: number;
      via: 'rating' | 'purchase' | 'view' | 'interaction';
      rating?: number;
      text: string;
    }
  | { kind: 'segment-co-purchase'; segment: number; becauseItem: number; text: string }
  | { kind: 'popular'; text: string };

export interface RecommendForUsersInput {
  /** fitted on the interactions the recommendations should build on (usually all of them) */
  model: FittedRecommender;
  /** from buildUserItemInteractionsWithKinds on model.trainedOn's events, for "you rated 5 / bought" */
  kinds?: InteractionKinds;
  /** EventTable.types, to word the last event of a pair ("viewed") */
  eventTypes?: string[];
  /** ItemTable.titles; the item id (or index) stands in for a missing title */
  itemTitles: (string | null)[];
  itemIds?: string[];
  /** segment label per user (−1 for none), for "people in your segment who bought X also bought Y" */
  segmentOfUser?: Int32Array;
  /** users to recommend for (default all) */
  users?: Int32Array;
  /** items per user (default 10) */
  n?: number;
  /** users per item, for ties (default: counted from model.trainedOn) */
  popularity?: Float32Array;
}

export interface UserRecommendations {
  n: number;
  users: Int32Array;
  /** users.length × n item indexes, −1 where fewer than n items were left to recommend */
  items: Int32Array;
  scores: Float32Array;
  /** reasons[r][slot] for users[r]'s slot-th item */
  reasons: RecommendationReason[][];
}

const segmentSampleLimit = 300;

/**
 * Top-n unseen items per user with the model's scores and a short reason. Models that can
 * attribute a score (item-kNN, EASE, ALS) name the user's item contributing most; otherwise the
 * user's segment explains it through co-purchases, or the item is simply popular.
 */
export function recommendForUsers(input: RecommendForUsersInput): UserRecommendations {
  const { model, kinds } = input;
  const n = input.n ?? 10;
  const train = model.trainedOn;
  const users = input.users ?? Int32Array.from({ length: train.users }, (_, u) => u);
  const popularity = input.popularity ?? Float32Array.from(itemUserCounts(train));
  const scores = new Float32Array(train.items);
  const items = new Int32Array(users.length * n).fill(-1);
  const topScores = new Float32Array(users.length * n);
  const reasons: RecommendationReason[][] = [];
  const anyPurchase = kinds ? kinds.purchased.some((flag) => flag === 1) : false;
  const segmentExplainer = input.segmentOfUser
    ? createSegmentExplainer(model, input.segmentOfUser, segmentSampleLimit)
    : null;
  // a popularity ranking is explained by popularity alone: a segment's co-occurrences, found
  // after the fact, are not why the item is there
  const explainsBySegment = model.name !== 'popularity';
  // per segment, how many of its members have each item: "popular in your segment" only where some do
  const segmentUsers = new Map<number, Int32Array>();
  const segmentUsersOf = (segment: number): Int32Array => {
    let counts = segmentUsers.get(segment);
    if (!counts) {
      counts = new Int32Array(train.items);
      const segmentOf = input.segmentOfUser as Int32Array;
      for (let u = 0; u < train.users; u++) {
        if (segmentOf[u] !== segment) continue;
        for (let p = train.userStart[u]; p < train.userStart[u + 1]; p++) counts[train.itemIndex[p]]++;
      }
      segmentUsers.set(segment, counts);
    }
    return counts;
  };
  const title = (item: number): string => input.itemTitles[item] ?? input.itemIds?.[item] ?? `item ${item}`;

  for (let r = 0; r < users.length; r++) {
    const user = users[r];
    model.scoreUser(user, scores);
    const own = train.itemIndex.subarray(train.userStart[user], train.userStart[user + 1]);
    const top = selectTopItems(scores, n, own, popularity);
    const userReasons: RecommendationReason[] = [];
    for (let slot = 0; slot < top.length; slot++) {
      const item = top[slot];
      items[r * n + slot] = item;
      topScores[r * n + slot] = scores[item];
      const because = model.explain(user, item);
      if (because >= 0) {
        userReasons.push(similarItemReason(because, title, pairPosition(own, because, train.userStart[user])));
        continue;
      }
      const segment = input.segmentOfUser?.[user] ?? -1;
      const explainer = segment >= 0 && explainsBySegment ? segmentExplainer : null;
      // "bought" only when the members counted bought both items; other interactions are "chose"
      const bought = anyPurchase && explainer && kinds ? explainer(user, segment, item, kinds.purchased) : -1;
      const companion = bought >= 0 ? bought : explainer ? explainer(user, segment, item, null) : -1;
      if (companion >= 0) {
        const verb = bought >= 0 ? 'bought' : 'chose';
        userReasons.push({
          kind: 'segment-co-purchase',
          segment,
          becauseItem: companion,
          text: `people in your segment who ${verb} "${title(companion)}" also ${verb} "${title(item)}"`,
        });
      } else {
        const inSegment = explainer !== null && segmentUsersOf(segment)[item] > 0;
        userReasons.push({ kind: 'popular', text: inSegment ? 'popular in your segment' : 'popular overall' });
      }
    }
    reasons.push(userReasons);
  }
  return { n, users, items, scores: topScores, reasons };

  function similarItemReason(
    because: number,
    titleOf: (item: number) => string,
    position: number,
  ): RecommendationReason {
    const name = `"${titleOf(because)}"`;
    const rating = kinds && position >= 0 ? kinds.rating[position] : Number.NaN;
    if (!Number.isNaN(rating)) {
      return {
        kind: 'similar-item',
        becauseItem: because,
        via: 'rating',
        rating,
        text: `similar to ${name} you rated ${rating}`,
      };
    }
    if (kinds && position >= 0 && kinds.purchased[position]) {
      return { kind: 'similar-item', becauseItem: because, via: 'purchase', text: `similar to ${name} you bought` };
    }
    const lastType = kinds && position >= 0 ? input.eventTypes?.[kinds.lastType[position]] : undefined;
    if (lastType && /view/i.test(lastType)) {
      return { kind: 'similar-item', becauseItem: because, via: 'view', text: `similar to ${name} you viewed` };
    }
    return {
      kind: 'similar-item',
      becauseItem: because,
      via: 'interaction',
      text: `similar to ${name} you interacted with`,
    };
  }
}

/** Position of `item` in the user's sorted row (offset by the row start), −1 when absent. */
function pairPosition(row: Int32Array, item: number, rowStart: number): number {
  let low = 0;
  let high = row.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (row[middle] === item) return rowStart + middle;
    if (row[middle] < item) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/**
 * For a user, a segment and a recommended item Y: the user's own item X that most members of the
 * segment who have Y also have (looking at up to `sampleLimit` such members), or −1. Given
 * `purchased` (per interaction, in model.trainedOn's order), only members who bought Y count, and
 * only the items they bought.
 */
function createSegmentExplainer(
  model: FittedRecommender,
  segmentOfUser: Int32Array,
  sampleLimit: number,
): (user: number, segment: number, item: number, purchased: Uint8Array | null) => number {
  const train = model.trainedOn;
  const { itemStart, userIndex } = transposeInteractions(train);
  const ownMarker = new Int32Array(train.items).fill(-1);
  const counts = new Int32Array(train.items);
  return (user, segment, item, purchased) => {
    for (let p = train.userStart[user]; p < train.userStart[user + 1]; p++) ownMarker[train.itemIndex[p]] = user;
    let best = -1;
    let bestCount = 0;
    const touched: number[] = [];
    let sampled = 0;
    for (let p = itemStart[item]; p < itemStart[item + 1] && sampled < sampleLimit; p++) {
      const member = userIndex[p];
      if (member === user || segmentOfUser[member] !== segment) continue;
      if (purchased && !boughtItem(member, item, purchased)) continue;
      sampled++;
      for (let q = train.userStart[member]; q < train.userStart[member + 1]; q++) {
        const other = train.itemIndex[q];
        if (ownMarker[other] !== user || (purchased && !purchased[q])) continue;
        if (counts[other] === 0) touched.push(other);
        counts[other]++;
        if (counts[other] > bestCount || (counts[other] === bestCount && other < best)) {
          best = other;
          bestCount = counts[other];
        }
      }
    }
    for (const other of touched) counts[other] = 0;
    for (let p = train.userStart[user]; p < train.userStart[user + 1]; p++) ownMarker[train.itemIndex[p]] = -1;
    return best;
  };

  function boughtItem(member: number, item: number, purchased: Uint8Array): boolean {
    const start = train.userStart[member];
    const position = pairPosition(train.itemIndex.subarray(start, train.userStart[member + 1]), item, start);
    return position >= 0 && purchased[position] === 1;
  }
}
