import type { EventTable } from '@/lib/ml/types';

/**
 * Distinct user × item pairs in compressed rows: the items of user u are
 * `itemIndex[userStart[u] .. userStart[u + 1])`, ascending. Every event that names an item is a
 * positive interaction, whatever its type or value.
 */
export interface UserItemInteractions {
  users: number;
  items: number;
  userStart: Int32Array;
  itemIndex: Int32Array;
  /** epoch ms of the user's last event on the item, parallel to itemIndex */
  lastTs: Float64Array;
}

/** How the user engaged with an item, for explanations; parallel to UserItemInteractions.itemIndex. */
export interface InteractionKinds {
  /** 1 when any of the pair's events is purchase-like */
  purchased: Uint8Array;
  /** the last rating the user gave the item, NaN when none */
  rating: Float64Array;
  /** type index (into EventTable.types) of the pair's last event */
  lastType: Int32Array;
}

export interface InteractionKindOptions {
  purchaseTypes: string[];
  /** event types whose value is a rating (default rating, rate, review) */
  ratingTypes?: string[];
}

export const defaultRatingTypes = ['rating', 'rate', 'review'];

export function buildUserItemInteractions(events: EventTable): UserItemInteractions {
  return buildWithKinds(events, null).interactions;
}

/** The interactions plus, per pair, whether it was bought and the last rating (for reasons). */
export function buildUserItemInteractionsWithKinds(
  events: EventTable,
  options: InteractionKindOptions,
): { interactions: UserItemInteractions; kinds: InteractionKinds } {
  const result = buildWithKinds(events, options);
  return { interactions: result.interactions, kinds: result.kinds as InteractionKinds };
}

function buildWithKinds(
  events: EventTable,
  options: InteractionKindOptions | null,
): { interactions: UserItemInteractions; kinds: InteractionKinds | null } {
  const users = events.userIds.length;
  const items = events.itemIds.length;
  const eventCount = events.user.length;
  // Typed arrays sized by counting first: at 20 million events, growing plain arrays of numbers
  // held about twice these columns at the peak.
  let withItem = 0;
  for (let e = 0; e < eventCount; e++) if (events.item[e] >= 0) withItem++;
  const order = new Int32Array(withItem);
  for (let e = 0, k = 0; e < eventCount; e++) if (events.item[e] >= 0) order[k++] = e;
  // Sorting by (user, item, time) groups each pair's events together with the latest last.
  order.sort((a, b) => {
    const byUser = events.user[a] - events.user[b];
    if (byUser !== 0) return byUser;
    const byItem = events.item[a] - events.item[b];
    if (byItem !== 0) return byItem;
    return events.ts[a] - events.ts[b];
  });
  const purchaseType = typeFlags(events.types, options?.purchaseTypes ?? []);
  const ratingType = typeFlags(events.types, options?.ratingTypes ?? defaultRatingTypes);
  const samePairAsPrevious = (position: number) =>
    position > 0 &&
    events.user[order[position - 1]] === events.user[order[position]] &&
    events.item[order[position - 1]] === events.item[order[position]];
  let pairs = 0;
  for (let position = 0; position < order.length; position++) if (!samePairAsPrevious(position)) pairs++;

  const userStart = new Int32Array(users + 1);
  const itemIndex = new Int32Array(pairs);
  const lastTs = new Float64Array(pairs);
  const purchased = new Uint8Array(pairs);
  const rating = new Float64Array(pairs);
  const lastType = new Int32Array(pairs);
  let pair = -1;
  for (let position = 0; position < order.length; position++) {
    const e = order[position];
    const user = events.user[e];
    const item = events.item[e];
    if (!samePairAsPrevious(position)) {
      pair++;
      userStart[user + 1]++;
      itemIndex[pair] = item;
      lastTs[pair] = events.ts[e];
      rating[pair] = Number.NaN;
    }
    lastTs[pair] = Math.max(lastTs[pair], events.ts[e]);
    lastType[pair] = events.type[e];
    if (purchaseType[events.type[e]]) purchased[pair] = 1;
    if (ratingType[events.type[e]] && !Number.isNaN(events.value[e])) rating[pair] = events.value[e];
  }
  for (let u = 0; u < users; u++) userStart[u + 1] += userStart[u];
  return {
    interactions: { users, items, userStart, itemIndex, lastTs },
    kinds: options ? { purchased, rating, lastType } : null,
  };
}

function typeFlags(types: string[], wanted: string[]): Uint8Array {
  const lowered = new Set(wanted.map((type) => type.toLowerCase()));
  return Uint8Array.from(types, (type) => (lowered.has(type.toLowerCase()) ? 1 : 0));
}

/** Builds interactions directly from per-user item lists (tests, benchmarks, splits). */
export function interactionsFromLists(itemsByUser: ArrayLike<number>[], items: number): UserItemInteractions {
  const users = itemsByUser.length;
  const userStart = new Int32Array(users + 1);
  const sorted = itemsByUser.map((list) => Int32Array.from(new Set(Array.from(list))).sort());
  for (let u = 0; u < users; u++) userStart[u + 1] = userStart[u] + sorted[u].length;
  const itemIndex = new Int32Array(userStart[users]);
  for (let u = 0; u < users; u++) itemIndex.set(sorted[u], userStart[u]);
  return { users, items, userStart, itemIndex, lastTs: new Float64Array(itemIndex.length) };
}

/** Column view (item → users), used by item-kNN, ALS and popularity. */
export function transposeInteractions(interactions: UserItemInteractions): {
  itemStart: Int32Array;
  userIndex: Int32Array;
} {
  const { users, items, userStart, itemIndex } = interactions;
  const itemStart = new Int32Array(items + 1);
  for (let p = 0; p < itemIndex.length; p++) itemStart[itemIndex[p] + 1]++;
  for (let i = 0; i < items; i++) itemStart[i + 1] += itemStart[i];
  const cursor = itemStart.slice(0, items);
  const userIndex = new Int32Array(itemIndex.length);
  for (let u = 0; u < users; u++) {
    for (let p = userStart[u]; p < userStart[u + 1]; p++) userIndex[cursor[itemIndex[p]]++] = u;
  }
  return { itemStart, userIndex };
}

/** Number of distinct users per item. */
export function itemUserCounts(interactions: UserItemInteractions): Float64Array {
  const counts = new Float64Array(interactions.items);
  for (const item of interactions.itemIndex) counts[item]++;
  return counts;
}
