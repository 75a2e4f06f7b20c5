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

export function summarisePurchases(events: EventTable, isPurchase: Uint8Array, asOf: number): PurchaseHistory {
  const users = events.userIds.length;
  const history: PurchaseHistory = {
    frequency: new Float64Array(users),
    recency: new Float64Array(users),
    age: new Float64Array(users),
    meanRepeatSpend: new Float64Array(users),
    totalSpend: new Float64Array(users),
    active: new Uint8Array(users),
  };
  const firstEvent = new Float64Array(users).fill(Number.NaN);
  const firstPurchase = new Float64Array(users).fill(Number.NaN);
  const lastPurchase = new Float64Array(users).fill(Number.NaN);
  const lastDay = new Float64Array(users).fill(Number.NaN);
  const firstDaySpend = new Float64Array(users);
  const days = new Float64Array(users);
  for (let e = 0; e < events.ts.length; e++) {
    const ts = events.ts[e];
    if (!(ts < asOf)) continue;
    const u = events.user[e];
    history.active[u] = 1;
    if (!(firstEvent[u] <= ts)) firstEvent[u] = ts;
    if (!isPurchase[events.type[e]]) continue;
    const value = Number.isFinite(events.value[e]) ? events.value[e] : 0;
    const day = Math.floor(ts / dayMs);
    if (Number.isNaN(firstPurchase[u]) || ts < firstPurchase[u]) firstPurchase[u] = ts;
    if (Number.isNaN(lastPurchase[u]) || ts > lastPurchase[u]) lastPurchase[u] = ts;
    history.totalSpend[u] += value;
    if (day !== lastDay[u]) {
      days[u]++;
      lastDay[u] = day;
    }
    if (days[u] === 1) firstDaySpend[u] += value;
  }
  for (let u = 0; u < users; u++) {
    if (!history.active[u]) continue;
    if (Number.isNaN(firstPurchase[u])) {
      history.age[u] = (asOf - firstEvent[u]) / dayMs;
      continue;
    }
    history.frequency[u] = days[u] - 1;
    history.recency[u] = (lastPurchase[u] - firstPurchase[u]) / dayMs;
    history.age[u] = (asOf - firstPurchase[u]) / dayMs;
    if (days[u] > 1) history.meanRepeatSpend[u] = (history.totalSpend[u] - firstDaySpend[u]) / (days[u] - 1);
  }
  return history;
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
