import type { EventTable, PipelineSettings } from '@/lib/ml/types';

const dayMs = 86_400_000;

/**
 * Each user's purchases before `asOf`, summarised as the customer-value models read them: a
 * transaction is a calendar day (UTC) with a purchase, its spend the day's purchase values.
 * One entry per user of `events.userIds`.
 */
export interface PurchaseHistory {
  /** repeat transactions: purchase days after the first (0 without a purchase) */
  frequency: Float64Array;
  /** days from the first to the last purchase */
  recency: Float64Array;
  /** days from the first purchase to asOf; without a purchase, from the first event (a customer since then) */
  age: Float64Array;
  /** mean spend of the repeat transactions (the first is left out, as in Fader and Hardie); 0 without one */
  meanRepeatSpend: Float64Array;
  /** spend of all purchases before asOf */
  totalSpend: Float64Array;
  /** 1 when the user has any event before asOf */
  active: Uint8Array;
}

/** 1 per event type index that counts as a purchase (settings.purchaseTypes, case-insensitive). */
export function purchaseTypeMask(events: EventTable, settings: Pick<PipelineSettings, 'purchaseTypes'>): Uint8Array {
  const purchaseTypes = new Set(settings.purchaseTypes.map((type) => type.toLowerCase()));
  return Uint8Array.from(events.types, (type) => (purchaseTypes.has(type.toLowerCase()) ? 1 : 0));
}

/** Whether any purchase event carries a number: without one there is no spend to predict. */
export function hasPurchaseValues(events: EventTable, isPurchase: Uint8Array): boolean {
  for (let e = 0; e < events.ts.length; e++)
    if (isPurchase[events.type[e]] && Number.isFinite(events.value[e])) return true;
  return false;
}

/**
 * Running per-user sums over purchases, folded one purchase at a time in time order: what the
 * purchase history is made of. summarisePurchases folds them over the events it is given, and
 * the real-time running state (userEventTotals) over each user's events as they arrive.
 */
export interface PurchaseSums {
  /** epoch ms of the first and last purchase; NaN (or -Infinity for the last) without one */
  firstPurchase: Float64Array;
  lastPurchase: Float64Array;
  /** calendar days (UTC) with a purchase */
  purchaseDays: Float64Array;
  /** the latest of those days (days since the epoch), NaN without one */
  lastPurchaseDay: Float64Array;
  /** spend on the first purchase day */
  firstDaySpend: Float64Array;
  /** spend of all purchases (a purchase without a number spends 0) */
  purchaseSpend: Float64Array;
}

export function emptyPurchaseSums(users: number): PurchaseSums {
  return {
    firstPurchase: new Float64Array(users).fill(Number.NaN),
    lastPurchase: new Float64Array(users).fill(Number.NaN),
    purchaseDays: new Float64Array(users),
    lastPurchaseDay: new Float64Array(users).fill(Number.NaN),
    firstDaySpend: new Float64Array(users),
    purchaseSpend: new Float64Array(users),
  };
}

/** Folds one purchase of user `u` into the sums; a user's purchases come in time order. */
export function addPurchase(sums: PurchaseSums, u: number, ts: number, value: number): void {
  const spend = Number.isFinite(value) ? value : 0;
  const day = Math.floor(ts / dayMs);
  if (!(sums.firstPurchase[u] <= ts)) sums.firstPurchase[u] = ts;
  if (!(sums.lastPurchase[u] >= ts)) sums.lastPurchase[u] = ts;
  sums.purchaseSpend[u] += spend;
  if (day !== sums.lastPurchaseDay[u]) {
    sums.purchaseDays[u]++;
    sums.lastPurchaseDay[u] = day;
  }
  if (sums.purchaseDays[u] === 1) sums.firstDaySpend[u] += spend;
}

/**
 * The purchase history as of `asOf` from the sums of each user's purchases before it, their
 * first event's time and whether they have any event before it.
 */
export function purchaseHistoryOf(
  sums: PurchaseSums,
  firstEvent: ArrayLike<number>,
  active: ArrayLike<number>,
  asOf: number,
): PurchaseHistory {
  const users = sums.purchaseDays.length;
  const history: PurchaseHistory = {
    frequency: new Float64Array(users),
    recency: new Float64Array(users),
    age: new Float64Array(users),
    meanRepeatSpend: new Float64Array(users),
    totalSpend: new Float64Array(users),
    active: new Uint8Array(users),
  };
  for (let u = 0; u < users; u++) {
    if (!active[u]) continue;
    history.active[u] = 1;
    const days = sums.purchaseDays[u];
    if (days === 0) {
      history.age[u] = (asOf - firstEvent[u]) / dayMs;
      continue;
    }
    history.totalSpend[u] = sums.purchaseSpend[u];
    history.frequency[u] = days - 1;
    history.recency[u] = (sums.lastPurchase[u] - sums.firstPurchase[u]) / dayMs;
    history.age[u] = (asOf - sums.firstPurchase[u]) / dayMs;
    if (days > 1) history.meanRepeatSpend[u] = (sums.purchaseSpend[u] - sums.firstDaySpend[u]) / (days - 1);
  }
  return history;
}

export function summarisePurchases(events: EventTable, isPurchase: Uint8Array, asOf: number): PurchaseHistory {
  const users = events.userIds.length;
  const sums = emptyPurchaseSums(users);
  const firstEvent = new Float64Array(users).fill(Number.NaN);
  const active = new Uint8Array(users);
  for (let e = 0; e < events.ts.length; e++) {
    const ts = events.ts[e];
    if (!(ts < asOf)) continue;
    const u = events.user[e];
    active[u] = 1;
    if (!(firstEvent[u] <= ts)) firstEvent[u] = ts;
    if (isPurchase[events.type[e]]) addPurchase(sums, u, ts, events.value[e]);
  }
  return purchaseHistoryOf(sums, firstEvent, active, asOf);
}

/** Each user's purchase spend in [from, to). */
export function spendBetween(events: EventTable, isPurchase: Uint8Array, from: number, to: number): Float64Array {
  const spend = new Float64Array(events.userIds.length);
  for (let e = 0; e < events.ts.length; e++) {
    const ts = events.ts[e];
    if (ts < from || !(ts < to) || !isPurchase[events.type[e]] || !Number.isFinite(events.value[e])) continue;
    spend[events.user[e]] += events.value[e];
  }
  return spend;
}
