import type { EventTable } from '@/lib/ml/types';
import { defaultRatingTypes } from '../userItemInteractions';

/** Explicit ratings: one per user and item (the latest), as parallel arrays of indexes and values. */
export interface Ratings {
  /** index into EventTable.userIds */
  users: Int32Array;
  /** index into EventTable.itemIds */
  items: Int32Array;
  values: Float64Array;
  userCount: number;
  itemCount: number;
  /** the scale's ends as the data shows them; predictions are kept inside */
  min: number;
  max: number;
}

/** Which ratings of `ratings` to keep, as a new Ratings over the same users and items. */
export function selectRatings(ratings: Ratings, rows: ArrayLike<number>): Ratings {
  const users = new Int32Array(rows.length);
  const items = new Int32Array(rows.length);
  const values = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    users[r] = ratings.users[rows[r]];
    items[r] = ratings.items[rows[r]];
    values[r] = ratings.values[rows[r]];
  }
  return { ...ratings, users, items, values };
}

/**
 * The latest numeric value of each user's rating events on each item (types `rating`, `rate`,
 * `review` unless told otherwise). Events without an item or a finite value are not ratings.
 */
export function explicitRatings(events: EventTable, ratingTypes: string[] = defaultRatingTypes): Ratings {
  const isRating = events.types.map((type) => ratingTypes.includes(type));
  const latest = new Map<number, number>();
  const itemCount = events.itemIds.length;
  for (let e = 0; e < events.user.length; e++) {
    if (!isRating[events.type[e]] || events.item[e] < 0 || !Number.isFinite(events.value[e])) continue;
    const pair = events.user[e] * itemCount + events.item[e];
    const earlier = latest.get(pair);
    if (earlier === undefined || events.ts[earlier] <= events.ts[e]) latest.set(pair, e);
  }
  const count = latest.size;
  const users = new Int32Array(count);
  const items = new Int32Array(count);
  const values = new Float64Array(count);
  let r = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const e of latest.values()) {
    users[r] = events.user[e];
    items[r] = events.item[e];
    values[r] = events.value[e];
    min = Math.min(min, values[r]);
    max = Math.max(max, values[r]);
    r += 1;
  }
  return { users, items, values, userCount: events.userIds.length, itemCount, min, max };
}
