import { describe, expect, it } from 'vitest';
import { buildCategoryPropensityLabels, buildChurnLabels, type FeatureFunction } from '@/lib/ml/predict/churnLabels';
import { predictChurn } from '@/lib/ml/predict/predictChurn';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import type { DenseMatrix, EventTable, ItemTable } from '@/lib/ml/types';

const day = 86_400_000;
const start = Date.UTC(2026, 0, 1);
const settings = { purchaseTypes: ['purchase'], horizonDays: 30 };

/**
 * 180 days of a shop. Each user visits at their own rate; those visiting less than once a week
 * (with 10% of users swapped, as label noise) stop at a random day between 60 and 140, before
 * the day-150 cutoff. Everyone else keeps visiting to the end.
 */
function plantedChurnShop(users: number, seed: number): { events: EventTable; items: ItemTable; stops: Uint8Array } {
  const random = createSeededRandom(seed);
  const rows: { user: number; item: number; type: number; ts: number }[] = [];
  const stops = new Uint8Array(users);
  for (let u = 0; u < users; u++) {
    const perWeek = Math.exp(Math.log(0.25) + random.next() * Math.log(40)); // 0.25 .. 10 a week
    const lowFrequency = perWeek < 1;
    stops[u] = (random.next() < 0.1 ? !lowFrequency : lowFrequency) ? 1 : 0;
    const end = stops[u] ? 60 + random.next() * 80 : 180;
    const favourite = random.int(3);
    let t = random.next() * 20;
    rows.push({ user: u, item: favourite * 10 + random.int(10), type: 1, ts: start + t * day });
    for (;;) {
      t += -Math.log(1 - random.next()) * (7 / perWeek);
      if (t >= end) break;
      const item = (random.next() < 0.8 ? favourite : random.int(3)) * 10 + random.int(10);
      rows.push({ user: u, item, type: random.next() < 0.3 ? 1 : 0, ts: start + t * day });
    }
  }
  rows.sort((a, b) => a.user - b.user || a.ts - b.ts);
  return {
    events: {
      userIds: Array.from({ length: users }, (_, u) => `u${u}`),
      itemIds: Array.from({ length: 30 }, (_, i) => `i${i}`),
      types: ['view', 'purchase'],
      user: Int32Array.from(rows, (row) => row.user),
      item: Int32Array.from(rows, (row) => row.item),
      type: Int32Array.from(rows, (row) => row.type),
      ts: Float64Array.from(rows, (row) => row.ts),
      value: new Float64Array(rows.length).fill(Number.NaN),
      text: rows.map(() => null),
    },
    items: {
      titles: Array.from({ length: 30 }, (_, i) => `Item ${i}`),
      categories: Array.from({ length: 30 }, (_, i) => [['books', 'games', 'music'][Math.floor(i / 10)]]),
      price: new Float64Array(30).fill(5),
    },
    stops,
  };
}

/** A small stand-in for behaviourFeatures: activity counts, recency and purchase share. */
const activityFeatures: FeatureFunction = (events, asOf) => {
  const users = events.userIds.length;
  const cols = 5;
  const data = new Float32Array(users * cols);
  const last = new Float64Array(users).fill(Number.NEGATIVE_INFINITY);
  for (let e = 0; e < events.ts.length; e++) {
    const row = events.user[e] * cols;
    const age = (asOf - events.ts[e]) / day;
    data[row] += 1;
    if (age <= 30) data[row + 1] += 1;
    if (age <= 90) data[row + 2] += 1;
    if (events.types[events.type[e]] === 'purchase') data[row + 4] += 1;
    last[events.user[e]] = Math.max(last[events.user[e]], events.ts[e]);
  }
  for (let u = 0; u < users; u++) {
    data[u * cols + 3] = Number.isFinite(last[u]) ? (asOf - last[u]) / day : 365;
    data[u * cols + 4] = data[u * cols] > 0 ? data[u * cols + 4] / data[u * cols] : 0;
  }
  return { rows: users, cols, data } satisfies DenseMatrix;
};
const featureNames = [
  'events',
  'events last 30 days',
  'events last 90 days',
  'days since last event',
  'purchase share',
];

describe('buildChurnLabels', () => {
  it('sets the cutoff one horizon before the last event and labels users without a later purchase as churned', () => {
    const { events } = plantedChurnShop(300, 1);
    const labels = buildChurnLabels(events, settings, activityFeatures);
    if (labels.status !== 'ready') throw new Error(labels.reason);
    const lastTs = Math.max(...events.ts);
    expect(labels.cutoff).toBe(lastTs - 30 * day);
    expect(labels.anyEventCounts).toBe(false);
    for (let row = 0; row < labels.users.length; row++) {
      const user = labels.users[row];
      let purchasedAfter = false;
      for (let e = 0; e < events.ts.length; e++) {
        if (events.user[e] === user && events.ts[e] >= labels.cutoff && events.type[e] === 1) purchasedAfter = true;
      }
      expect(labels.labels[row]).toBe(purchasedAfter ? 0 : 1);
    }
    expect(labels.positives + labels.negatives).toBe(labels.users.length);
  });

  it('computes features from pre-cutoff events only: rewriting everything after the cutoff changes no feature', () => {
    const { events } = plantedChurnShop(300, 2);
    const first = buildChurnLabels(events, settings, activityFeatures);
    if (first.status !== 'ready') throw new Error(first.reason);
    const lastTs = Math.max(...events.ts);
    // every post-cutoff event moves to another user and becomes a purchase; the last one stays last
    const rewritten: EventTable = {
      ...events,
      user: events.user.map((user, e) => (events.ts[e] >= first.cutoff ? (user * 7 + 3) % 300 : user)),
      type: events.type.map((type, e) => (events.ts[e] >= first.cutoff ? 1 : type)),
      ts: events.ts.map((ts) => (ts >= first.cutoff ? Math.min(lastTs, ts + day / 2) : ts)),
    };
    const second = buildChurnLabels(rewritten, settings, activityFeatures);
    if (second.status !== 'ready') throw new Error(second.reason);
    expect(second.cutoff).toBe(first.cutoff);
    expect(Array.from(second.users)).toEqual(Array.from(first.users));
    expect(second.features.data).toEqual(first.features.data);
    expect(Array.from(second.labels)).not.toEqual(Array.from(first.labels));
  });

  it('hands the feature function no event at or after the cutoff', () => {
    const { events } = plantedChurnShop(100, 3);
    let latestSeen = Number.NEGATIVE_INFINITY;
    let asOfSeen = Number.NaN;
    const labels = buildChurnLabels(events, settings, (history, asOf) => {
      latestSeen = Math.max(...history.ts);
      asOfSeen = asOf;
      return activityFeatures(history, asOf);
    });
    if (labels.status !== 'ready') throw new Error(labels.reason);
    expect(asOfSeen).toBe(labels.cutoff);
    expect(latestSeen).toBeLessThan(labels.cutoff);
  });

  it('counts any event as activity when the dataset has no purchases', () => {
    const { events } = plantedChurnShop(100, 4);
    const labels = buildChurnLabels(events, { purchaseTypes: ['order'], horizonDays: 30 }, activityFeatures);
    if (labels.status !== 'ready') throw new Error(labels.reason);
    expect(labels.anyEventCounts).toBe(true);
  });

  it('skips a dataset shorter than the horizon and says so', () => {
    const { events } = plantedChurnShop(50, 5);
    const labels = buildChurnLabels(events, settings, activityFeatures, { horizonDays: 400 });
    expect(labels).toEqual({ status: 'skipped', reason: expect.stringContaining('400-day horizon') });
  });
});

describe('predictChurn', () => {
  it('finds the planted low-frequency churners: hold-out AUC well above the 0.5 baseline', async () => {
    const { events } = plantedChurnShop(1200, 7);
    const prediction = await predictChurn(events, settings, activityFeatures, { featureNames, seed: 3 });
    const churn = prediction.contract.churn;
    if (!churn) throw new Error(prediction.contract.reason);
    expect(Object.keys(churn).sort()).toEqual(['auc', 'baselineAuc', 'brier', 'lift10', 'negatives', 'positives']);
    expect(churn.baselineAuc).toBe(0.5);
    expect(churn.auc).toBeGreaterThan(0.8);
    expect(churn.lift10).toBeGreaterThan(1.5);
    const base = churn.positives / (churn.positives + churn.negatives);
    expect(churn.brier).toBeLessThan(base * (1 - base));
    expect(prediction.churnProbability).toHaveLength(1200);
    if (prediction.result?.status !== 'trained') throw new Error('not trained');
    expect(prediction.result.topFeatures.length).toBeGreaterThan(0);
    expect(featureNames).toContain(prediction.result.topFeatures[0].name);
  });

  it('still trains churn when one event is dated in the year 9999: the cutoff follows the real last event', async () => {
    const { events } = plantedChurnShop(1200, 7);
    const realLast = Math.max(...events.ts);
    const future = Date.UTC(9999, 11, 31);
    const withOutlier: EventTable = {
      ...events,
      user: Int32Array.from([...events.user, 0]),
      item: Int32Array.from([...events.item, 0]),
      type: Int32Array.from([...events.type, 1]),
      ts: Float64Array.from([...events.ts, future]),
      value: Float64Array.from([...events.value, Number.NaN]),
      text: [...events.text, null],
    };
    const labels = buildChurnLabels(withOutlier, settings, activityFeatures);
    if (labels.status !== 'ready') throw new Error(labels.reason);
    expect(labels.cutoff).toBe(realLast - 30 * day);
    const prediction = await predictChurn(withOutlier, settings, activityFeatures, { featureNames, seed: 3 });
    const churn = prediction.contract.churn;
    if (!churn) throw new Error(prediction.contract.reason);
    expect(churn.positives).toBeGreaterThan(100);
    expect(churn.negatives).toBeGreaterThan(100);
    expect(churn.auc).toBeGreaterThan(0.8);
  });

  it('returns churn null with the reason when too few users churn', async () => {
    const { events } = plantedChurnShop(120, 8);
    const prediction = await predictChurn(events, settings, activityFeatures);
    expect(prediction.contract.churn).toBeNull();
    expect(prediction.contract.reason).toMatch(/at least 100 positives and 100 negatives/);
  });
});

describe('buildCategoryPropensityLabels', () => {
  it('labels, per top category, the users who buy in it after the cutoff', () => {
    const { events, items } = plantedChurnShop(300, 9);
    const labels = buildCategoryPropensityLabels(events, items, settings, activityFeatures, { topCategories: 2 });
    if (labels.status !== 'ready') throw new Error(labels.reason);
    expect(labels.categories).toHaveLength(2);
    for (const category of labels.categories) {
      const categoryIndex = ['books', 'games', 'music'].indexOf(category.name);
      for (let row = 0; row < labels.users.length; row++) {
        let bought = false;
        for (let e = 0; e < events.ts.length; e++) {
          if (events.user[e] !== labels.users[row] || events.ts[e] < labels.cutoff || events.type[e] !== 1) continue;
          if (Math.floor(events.item[e] / 10) === categoryIndex) bought = true;
        }
        expect(category.labels[row]).toBe(bought ? 1 : 0);
      }
    }
  });
});
