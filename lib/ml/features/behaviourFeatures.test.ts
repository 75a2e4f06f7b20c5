import { describe, expect, it } from 'vitest';
import { computeBehaviourFeatures } from '@/lib/ml/features/behaviourFeatures';
import { defaultPipelineSettings, type EventTable, type ItemTable } from '@/lib/ml/types';
import { generateSyntheticEvents } from '@/test/fixtures/syntheticEvents';

const day = 86_400_000;
const hour = 3_600_000;
// 2026-11-02 is a Monday; 2026-11-07 a Saturday.
const monday = Date.UTC(2026, 10, 2);
const asOf = Date.UTC(2026, 10, 12);

type Row = [user: number, item: number, type: string, ts: number, value?: number];

function table(rows: Row[]): EventTable {
  const types = [...new Set(rows.map((r) => r[2]))];
  return {
    userIds: ['ann', 'bob', 'cy'],
    itemIds: ['tv', 'novel', 'lamp'],
    types,
    user: Int32Array.from(rows, (r) => r[0]),
    item: Int32Array.from(rows, (r) => r[1]),
    type: Int32Array.from(rows, (r) => types.indexOf(r[2])),
    ts: Float64Array.from(rows, (r) => r[3]),
    value: Float64Array.from(rows, (r) => r[4] ?? Number.NaN),
    text: rows.map(() => null),
  };
}

const items: ItemTable = {
  titles: ['TV', 'Novel', 'Lamp'],
  categories: [['Electronics'], ['Books'], ['Home', 'Electronics']],
  price: Float64Array.from([500, 10, 40]),
};

const rows: Row[] = [
  // ann: two days, night owl, buys a TV and a lamp, rates the TV 4
  [0, 0, 'view', monday + 1 * hour],
  [0, 0, 'purchase', monday + 2 * hour, 480],
  [0, 0, 'rate', monday + 3 * hour, 4],
  [0, 2, 'purchase', monday + 2 * day + 23 * hour, 40],
  // bob: one Saturday morning, views a novel twice, never buys
  [1, 1, 'view', monday + 5 * day + 9 * hour],
  [1, 1, 'view', monday + 5 * day + 10 * hour],
  // cy: one afternoon purchase of a novel, one event without an item
  [2, -1, 'view', monday + 8 * day + 13 * hour],
  [2, 1, 'purchase', monday + 8 * day + 14 * hour, 12],
];

function rawValue(result: ReturnType<typeof computeBehaviourFeatures>, user: number, name: string): number {
  const column = result.names.indexOf(name);
  if (column < 0) throw new Error(`no feature ${name}`);
  return result.raw.data[user * result.raw.cols + column];
}

describe('computeBehaviourFeatures', () => {
  const result = computeBehaviourFeatures(table(rows), items, defaultPipelineSettings, asOf);

  it('computes recency, frequency and monetary values from purchase events', () => {
    expect(rawValue(result, 0, 'recency_days')).toBeCloseTo((asOf - (monday + 2 * day + 23 * hour)) / day, 4);
    expect(rawValue(result, 0, 'purchase_count')).toBe(2);
    expect(rawValue(result, 0, 'monetary_total')).toBe(520);
    expect(rawValue(result, 0, 'monetary_mean')).toBe(260);
    expect(rawValue(result, 1, 'purchase_count')).toBe(0);
    expect(rawValue(result, 1, 'monetary_total')).toBe(0);
    // A non-buyer has no recency or order value: NaN in readable values, not a made-up number.
    expect(rawValue(result, 1, 'recency_days')).toBeNaN();
    expect(rawValue(result, 1, 'monetary_mean')).toBeNaN();
  });

  it('measures activity volume, span and rhythm', () => {
    expect(rawValue(result, 0, 'event_count')).toBe(4);
    expect(rawValue(result, 0, 'active_days')).toBe(2);
    expect(rawValue(result, 0, 'events_per_active_day')).toBe(2);
    expect(rawValue(result, 0, 'active_span_days')).toBeCloseTo(2 + 22 / 24, 6);
    expect(rawValue(result, 1, 'active_span_days')).toBeCloseTo(1 / 24, 6);
  });

  it("shares activity by event type, category (all of an item's categories), time of day and weekend", () => {
    expect(rawValue(result, 0, 'type_share_purchase')).toBeCloseTo(0.5, 6);
    expect(rawValue(result, 1, 'type_share_view')).toBe(1);
    expect(rawValue(result, 0, 'category_share_Electronics')).toBe(1);
    expect(rawValue(result, 0, 'category_share_Home')).toBeCloseTo(0.25, 6);
    expect(rawValue(result, 1, 'category_share_Books')).toBe(1);
    // cy's item-less event does not dilute the category share.
    expect(rawValue(result, 2, 'category_share_Books')).toBe(1);
    // Habit shares are shrunk toward the pooled share by the fitted prior (empirical Bayes).
    const shrunk = (name: string, hits: number, events: number) => {
      const prior = result.model.shrinkage?.[name];
      if (!prior) throw new Error(`no prior for ${name}`);
      return (hits + prior.strength * prior.share) / (events + prior.strength);
    };
    expect(rawValue(result, 0, 'time_share_night')).toBeCloseTo(shrunk('time_share_night', 3, 4), 6);
    expect(rawValue(result, 0, 'time_share_evening')).toBeCloseTo(shrunk('time_share_evening', 1, 4), 6);
    expect(rawValue(result, 1, 'weekend_share')).toBeCloseTo(shrunk('weekend_share', 2, 2), 6);
    expect(rawValue(result, 0, 'weekend_share')).toBeCloseTo(shrunk('weekend_share', 0, 4), 6);
    expect(rawValue(result, 0, 'time_share_night')).toBeGreaterThan(rawValue(result, 1, 'time_share_night'));
  });

  it('keeps time-of-day habits of one- and two-event users from dominating the clustering space', () => {
    // 600 users with one or two purchases at random hours and days; spend is the real difference.
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const fewRows: Row[] = [];
    for (let u = 0; u < 600; u++) {
      const count = 1 + Math.floor(next() * 2);
      for (let e = 0; e < count; e++) {
        fewRows.push([u, 0, 'purchase', monday + Math.floor(next() * 60 * 24) * hour, u % 2 === 0 ? 500 : 20]);
      }
    }
    const few = computeBehaviourFeatures(
      { ...table(fewRows), userIds: Array.from({ length: 600 }, (_, u) => `u${u}`) },
      items,
      defaultPipelineSettings,
      monday + 61 * day,
    );
    const variance = (name: string) => {
      const column = few.names.indexOf(name);
      let squares = 0;
      for (let u = 0; u < 600; u++) squares += few.matrix.data[u * few.matrix.cols + column] ** 2;
      return squares / 600;
    };
    for (const name of ['time_share_night', 'time_share_morning', 'time_share_afternoon', 'weekend_share']) {
      expect(variance(name)).toBeLessThan(0.1);
    }
    expect(variance('monetary_mean')).toBeCloseTo(1, 3);
  });

  it('shrinks the habits of users with few events toward the population, so one event is no night owl', () => {
    // 200 daytime users with 20 events each, one user with a single 3 a.m. event, one with 20.
    const habitRows: Row[] = [];
    for (let u = 0; u < 202; u++) {
      const count = u === 200 ? 1 : 20;
      for (let e = 0; e < count; e++) {
        const atNight = u >= 200 || (u < 200 && e === u % 20 && u % 4 === 0);
        habitRows.push([u, 0, 'view', monday + e * day + (atNight ? 3 : 14) * hour]);
      }
    }
    const habits = computeBehaviourFeatures(
      { ...table(habitRows), userIds: Array.from({ length: 202 }, (_, u) => `u${u}`) },
      items,
      defaultPipelineSettings,
      asOf + 30 * day,
    );
    const night = (u: number) => rawValue(habits, u, 'time_share_night');
    expect(night(201)).toBeGreaterThan(0.9);
    expect(night(200)).toBeLessThan(0.5);
    // and in the clustering space the single event weighs far less than twenty.
    const column = habits.names.indexOf('time_share_night');
    const z = (u: number) => habits.matrix.data[u * habits.matrix.cols + column];
    expect(z(200)).toBeLessThan(z(201) / 2);
  });

  it('reads price level from items and rating habits from rate events', () => {
    expect(rawValue(result, 0, 'price_level')).toBeCloseTo((500 * 3 + 40) / 4, 6);
    expect(rawValue(result, 1, 'price_level')).toBe(10);
    expect(rawValue(result, 2, 'price_level')).toBe(10);
    expect(rawValue(result, 0, 'rating_mean')).toBe(4);
    expect(rawValue(result, 0, 'rating_count')).toBe(1);
    expect(rawValue(result, 1, 'rating_mean')).toBeNaN();
  });

  it('standardises every column to mean 0 and unit variance, with the log1p scale where described', () => {
    const { matrix, describe } = result;
    expect(matrix.cols).toBe(describe.length);
    for (let column = 0; column < matrix.cols; column++) {
      let mean = 0;
      let squares = 0;
      for (let u = 0; u < matrix.rows; u++) {
        mean += matrix.data[u * matrix.cols + column];
        squares += matrix.data[u * matrix.cols + column] ** 2;
      }
      expect(mean / matrix.rows).toBeCloseTo(0, 5);
      const variance = squares / matrix.rows;
      // Shrunk habit shares are scaled by the spread of the observed shares, so they vary less.
      if (describe[column].group === 'time of day') expect(variance).toBeLessThanOrEqual(1 + 1e-4);
      else expect([0, 1].some((target) => Math.abs(variance - target) < 1e-4)).toBe(true);
    }
    // purchase counts 2, 0, 1 -> log1p -> z-scores
    const logs = [Math.log1p(2), 0, Math.log1p(1)];
    const mean = logs.reduce((a, b) => a + b) / 3;
    const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / 3);
    const column = result.names.indexOf('purchase_count');
    expect(matrix.data[column]).toBeCloseTo((logs[0] - mean) / sd, 5);
  });

  it('gives a constant column zeros and leaves out features the data cannot support', () => {
    const noPrices: ItemTable = { ...items, price: Float64Array.from([Number.NaN, Number.NaN, Number.NaN]) };
    const views: Row[] = [
      [0, 0, 'view', monday],
      [1, 1, 'view', monday + hour],
      [2, 2, 'view', monday + 2 * hour],
    ];
    const sparse = computeBehaviourFeatures(table(views), noPrices, defaultPipelineSettings, asOf);
    for (const absent of ['purchase_count', 'monetary_mean', 'price_level', 'rating_mean', 'type_share_view']) {
      expect(sparse.names).not.toContain(absent);
    }
    const column = sparse.names.indexOf('event_count');
    for (let u = 0; u < 3; u++) expect(sparse.matrix.data[u * sparse.matrix.cols + column]).toBe(0);
  });

  it("leaves out time-of-day shares when every event falls in one part of the day (dates without times), and keeps a fitted model's columns", () => {
    const datesOnly: Row[] = rows.map(([user, item, type, ts, value]) => [user, item, type, ts - (ts % day), value]);
    const dated = computeBehaviourFeatures(table(datesOnly), items, defaultPipelineSettings, asOf);
    expect(dated.names.filter((name) => name.startsWith('time_share_'))).toEqual([]);
    expect(dated.names).toContain('weekend_share');
    expect(result.names.filter((name) => name.startsWith('time_share_'))).toHaveLength(4);
    // a run fitted on timed events goes on computing its columns for new events at midnight
    const applied = computeBehaviourFeatures(table(datesOnly), items, defaultPipelineSettings, asOf, {
      model: result.model,
    });
    expect(applied.names).toEqual(result.names);
  });

  it('counts the time of day over the events that have one: dates without times beside timed events change no share', () => {
    const withDates: Row[] = [
      ...rows,
      ...rows.map(([user, item, type, ts, value]): Row => [user, item, type, ts - (ts % day), value]),
    ].sort((a, b) => a[0] - b[0] || a[3] - b[3]);
    const mixed = computeBehaviourFeatures(table(withDates), items, defaultPipelineSettings, asOf);
    for (const part of ['night', 'morning', 'afternoon', 'evening'])
      for (let u = 0; u < 3; u++)
        expect(rawValue(mixed, u, `time_share_${part}`), `${part} of user ${u}`).toBeCloseTo(
          rawValue(result, u, `time_share_${part}`),
          9,
        );
  });

  it('describes each feature with a label, unit and sentence', () => {
    const monetary = result.describe[result.names.indexOf('monetary_mean')];
    expect(monetary).toMatchObject({
      label: 'Spend per order',
      unit: 'money',
      comparison: 'ratio',
      lowWord: 'Bargain',
    });
    expect(monetary.sentence).toContain('{ratio}');
    const electronics = result.describe[result.names.indexOf('category_share_Electronics')];
    expect(electronics).toMatchObject({ unit: 'share', category: 'Electronics' });
  });

  it('separates planted personas on the features that define them', () => {
    const { events, items: catalog, truth, asOf: end } = generateSyntheticEvents({ users: 800, seed: 4 });
    const features = computeBehaviourFeatures(events, catalog, defaultPipelineSettings, end);
    const meanOf = (name: string, persona: number) => {
      let sum = 0;
      let count = 0;
      for (let u = 0; u < truth.length; u++) {
        if (truth[u] !== persona) continue;
        sum += rawValue(features, u, name);
        count++;
      }
      return sum / count;
    };
    expect(meanOf('category_share_Electronics', 0)).toBeGreaterThan(0.6);
    expect(meanOf('category_share_Electronics', 1)).toBeLessThan(0.15);
    expect(meanOf('time_share_night', 0)).toBeGreaterThan(0.6);
    expect(meanOf('weekend_share', 2)).toBeGreaterThan(0.7);
    expect(meanOf('price_level', 0)).toBeGreaterThan(5 * meanOf('price_level', 1));
  });
});
