import { isDateOnly } from '@/lib/ingest/isDateOnly';
import { addPurchase, type PurchaseSums } from '@/lib/ml/predict/purchaseHistory';
import type { EventTable, ItemTable } from '@/lib/ml/types';

export const dayMs = 86_400_000;
const hourMs = 3_600_000;

/** How each event counts: its type's column and kind, its item's category columns, the clock. */
export interface EventCounting {
  /** event type -> its column among the counted types, -1 when not counted */
  typeColumn: Int32Array;
  typeCount: number;
  isPurchaseType: Uint8Array;
  isRatingType: Uint8Array;
  /** item -> its category columns are itemCategoryColumns[itemCategoryStart[item] ..< itemCategoryStart[item + 1]] */
  itemCategoryStart: Int32Array;
  itemCategoryColumns: Int32Array;
  categoryCount: number;
  /** local time = UTC + this, for days, day parts and weekends */
  offsetMs: number;
}

/** Per-user sums over all events, in one pass: the raw material of the behaviour features. */
export interface UserEventTotals {
  total: Float64Array;
  purchases: Float64Array;
  spend: Float64Array;
  pricedPurchases: Float64Array;
  lastPurchase: Float64Array;
  first: Float64Array;
  last: Float64Array;
  activeDays: Float64Array;
  typeCounts: Float64Array;
  itemEvents: Float64Array;
  categoryCounts: Float64Array;
  priceSum: Float64Array;
  pricedEvents: Float64Array;
  dayPartCounts: Float64Array;
  /** events with a time of day (dayPartCounts sums to it): a date given without a time is stored at midnight UTC */
  timedEvents: Float64Array;
  weekendEvents: Float64Array;
  ratingSum: Float64Array;
  ratings: Float64Array;
  /** local day (days since the epoch) of each user's latest event, NaN without events: where activeDays continues */
  lastDay: Float64Array;
  /** with lastPurchase, the purchase sums predicted value reads (lib/ml/predict/purchaseHistory) */
  firstPurchase: Float64Array;
  purchaseDays: Float64Array;
  lastPurchaseDay: Float64Array;
  firstDaySpend: Float64Array;
  purchaseSpend: Float64Array;
}

/** The totals' per-user fields and how many values each holds per user. */
export function totalsFields(typeCount: number, categoryCount: number): [keyof UserEventTotals, number][] {
  return [
    ['total', 1],
    ['purchases', 1],
    ['spend', 1],
    ['pricedPurchases', 1],
    ['lastPurchase', 1],
    ['first', 1],
    ['last', 1],
    ['activeDays', 1],
    ['lastDay', 1],
    ['itemEvents', 1],
    ['priceSum', 1],
    ['pricedEvents', 1],
    ['weekendEvents', 1],
    ['ratingSum', 1],
    ['ratings', 1],
    ['firstPurchase', 1],
    ['purchaseDays', 1],
    ['lastPurchaseDay', 1],
    ['firstDaySpend', 1],
    ['purchaseSpend', 1],
    ['dayPartCounts', 4],
    ['timedEvents', 1],
    ['typeCounts', typeCount],
    ['categoryCounts', categoryCount],
  ];
}

/**
 * One pass over the events (sorted by user, then time) summing what the features are made of.
 * With `start` (totals of the same users from earlier events, counted the same way) the sums go
 * on from there: events later than a user's `last` give the totals of all their events at once.
 */
export function userEventTotals(
  events: EventTable,
  items: ItemTable,
  counting: EventCounting,
  start?: UserEventTotals,
): UserEventTotals {
  const users = events.userIds.length;
  const eventCount = events.user.length;
  const {
    typeColumn,
    typeCount,
    isPurchaseType,
    isRatingType,
    itemCategoryStart,
    itemCategoryColumns,
    categoryCount,
    offsetMs,
  } = counting;
  const from = (name: keyof UserEventTotals, width: number, fill = 0) => {
    if (start) {
      if (start[name].length !== users * width) throw new Error(`the starting totals' ${name} do not fit these users`);
      return start[name].slice();
    }
    return new Float64Array(users * width).fill(fill);
  };
  const total = from('total', 1);
  const purchases = from('purchases', 1);
  const spend = from('spend', 1);
  const pricedPurchases = from('pricedPurchases', 1);
  const lastPurchase = from('lastPurchase', 1, Number.NEGATIVE_INFINITY);
  const first = from('first', 1, Number.POSITIVE_INFINITY);
  const last = from('last', 1, Number.NEGATIVE_INFINITY);
  const activeDays = from('activeDays', 1);
  const previousDay = from('lastDay', 1, Number.NaN);
  const typeCounts = from('typeCounts', typeCount);
  const itemEvents = from('itemEvents', 1);
  const categoryCounts = from('categoryCounts', categoryCount);
  const priceSum = from('priceSum', 1);
  const pricedEvents = from('pricedEvents', 1);
  const dayPartCounts = from('dayPartCounts', 4);
  const timedEvents = from('timedEvents', 1);
  const weekendEvents = from('weekendEvents', 1);
  const ratingSum = from('ratingSum', 1);
  const ratings = from('ratings', 1);
  const purchaseSums: PurchaseSums = {
    firstPurchase: from('firstPurchase', 1, Number.NaN),
    lastPurchase,
    purchaseDays: from('purchaseDays', 1),
    lastPurchaseDay: from('lastPurchaseDay', 1, Number.NaN),
    firstDaySpend: from('firstDaySpend', 1),
    purchaseSpend: from('purchaseSpend', 1),
  };

  for (let e = 0; e < eventCount; e++) {
    const u = events.user[e];
    const type = events.type[e];
    const ts = events.ts[e];
    const value = events.value[e];
    total[u]++;
    if (ts < first[u]) first[u] = ts;
    if (ts > last[u]) last[u] = ts;
    // A date without a time has a day, in no time zone, but no time of day.
    const dateOnly = isDateOnly(ts);
    const local = dateOnly ? ts : ts + offsetMs;
    const day = Math.floor(local / dayMs);
    // Events arrive sorted by user then time, so a new day shows as a change from the previous event.
    if (day !== previousDay[u]) {
      activeDays[u]++;
      previousDay[u] = day;
    }
    if (!dateOnly) {
      const hour = Math.floor((local - day * dayMs) / hourMs);
      dayPartCounts[u * 4 + Math.floor(hour / 6)]++;
      timedEvents[u]++;
    }
    // Epoch day 0 was a Thursday: (day + 4) % 7 gives 0 = Sunday ... 6 = Saturday.
    const weekday = (((day + 4) % 7) + 7) % 7;
    if (weekday === 0 || weekday === 6) weekendEvents[u]++;
    const typeIndex = typeColumn[type];
    if (typeIndex >= 0) typeCounts[u * typeCount + typeIndex]++;
    if (isPurchaseType[type]) {
      purchases[u]++;
      addPurchase(purchaseSums, u, ts, value);
      if (!Number.isNaN(value)) {
        spend[u] += value;
        pricedPurchases[u]++;
      }
    }
    if (isRatingType[type] && !Number.isNaN(value)) {
      ratingSum[u] += value;
      ratings[u]++;
    }
    const item = events.item[e];
    if (item >= 0) {
      itemEvents[u]++;
      for (let c = itemCategoryStart[item]; c < itemCategoryStart[item + 1]; c++) {
        categoryCounts[u * categoryCount + itemCategoryColumns[c]]++;
      }
      const price = items.price[item];
      if (!Number.isNaN(price)) {
        priceSum[u] += price;
        pricedEvents[u]++;
      }
    }
  }
  return {
    total,
    purchases,
    spend,
    pricedPurchases,
    lastPurchase,
    first,
    last,
    activeDays,
    typeCounts,
    itemEvents,
    categoryCounts,
    priceSum,
    pricedEvents,
    dayPartCounts,
    timedEvents,
    weekendEvents,
    ratingSum,
    ratings,
    lastDay: previousDay,
    firstPurchase: purchaseSums.firstPurchase,
    purchaseDays: purchaseSums.purchaseDays,
    lastPurchaseDay: purchaseSums.lastPurchaseDay,
    firstDaySpend: purchaseSums.firstDaySpend,
    purchaseSpend: purchaseSums.purchaseSpend,
  };
}
