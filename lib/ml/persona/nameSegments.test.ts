import { describe, expect, it } from 'vitest';
import { computeBehaviourFeatures } from '@/lib/ml/features/behaviourFeatures';
import { describeSegments } from '@/lib/ml/persona/describeSegments';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import { defaultPipelineSettings, type EventTable, type ItemTable } from '@/lib/ml/types';

const day = 86_400_000;
const asOf = Date.UTC(2026, 10, 30);

interface PlannedEvent {
  type: string;
  daysAgo: number;
  item?: number;
  value?: number;
}

/** Builds an event table from per-user event plans (sorted by user, then time, as the loader gives). */
function eventTable(plans: PlannedEvent[][], itemCount = 0): EventTable {
  const types = [...new Set(plans.flat().map((event) => event.type))];
  const rows = plans.flatMap((events, user) =>
    [...events].sort((a, b) => b.daysAgo - a.daysAgo).map((event) => ({ user, ...event })),
  );
  return {
    userIds: plans.map((_, u) => `u${u}`),
    itemIds: Array.from({ length: itemCount }, (_, i) => `i${i}`),
    types,
    user: Int32Array.from(rows, (r) => r.user),
    item: Int32Array.from(rows, (r) => r.item ?? -1),
    type: Int32Array.from(rows, (r) => types.indexOf(r.type)),
    ts: Float64Array.from(rows, (r) => asOf - r.daysAgo * day + ((r.user * 7919) % 86_000) * 1000),
    value: Float64Array.from(rows, (r) => r.value ?? Number.NaN),
    text: rows.map(() => null),
  };
}

function personasOf(plans: PlannedEvent[][], labels: Int32Array, k: number, keywords?: string[][]) {
  const events = eventTable(plans);
  const items: ItemTable = { titles: [], categories: [], price: new Float64Array(0) };
  const features = computeBehaviourFeatures(events, items, defaultPipelineSettings, asOf);
  const centroids = { rows: k, cols: features.matrix.cols, data: new Float32Array(k * features.matrix.cols) };
  return describeSegments({
    labels,
    k,
    profile: features.matrix,
    centroids,
    features,
    events,
    items,
    settings: defaultPipelineSettings,
    asOf,
    keywords,
  });
}

function expectTrueNames(names: string[]) {
  expect(new Set(names).size).toBe(names.length);
  for (const name of names) {
    expect(name).not.toMatch(/typical/i);
    expect(name).not.toMatch(/\(\d+\)$/);
    expect(name.split(' ').length).toBeGreaterThan(1);
  }
}

describe('persona names', () => {
  it('names keyword-dominated Chinese review segments by their keyword, never as browsers or new', () => {
    const random = createSeededRandom(3);
    const topics = ['酒店', '手机', '水果', '书籍'];
    const users = 400;
    const labels = Int32Array.from({ length: users }, (_, u) => u % topics.length);
    // One review each, written 100 to 300 days before the data's end.
    const plans = Array.from({ length: users }, () => [{ type: 'review', daysAgo: 100 + random.int(200) }]);
    const keywords = Array.from(labels, (s) => {
      const terms = ['不错', '质量'];
      if (random.next() < 0.8) terms.push(topics[s]);
      if (s === 0 && random.next() < 0.6) terms.push('房间');
      return terms;
    });
    const personas = personasOf(plans, labels, topics.length, keywords);
    const names = personas.map((persona) => persona.name);
    expectTrueNames(names);
    for (const [s, name] of names.entries()) expect(name).toContain(topics[s]);
    for (const name of names) {
      expect(name).not.toMatch(/browser/i);
      expect(name).not.toMatch(/\bnew\b/i);
      expect(name).toMatch(/reviewers/);
    }
    // No behaviour feature differs between these random groups, so none is quoted as a trait.
    for (const persona of personas) expect(persona.traits).toEqual([]);
  });

  it('names a purchase log by lifecycle: new only for users first seen lately, never browsers', () => {
    const random = createSeededRandom(8);
    const plans: PlannedEvent[][] = [];
    const truth: number[] = [];
    for (let u = 0; u < 300; u++) {
      const segment = u % 3;
      truth.push(segment);
      if (segment === 0) {
        // single purchase about a year before the end: one-time customers
        plans.push([{ type: 'purchase', daysAgo: 330 + random.int(30), value: 20 + random.int(20) }]);
      } else if (segment === 1) {
        // first seen in the last week
        plans.push([{ type: 'purchase', daysAgo: 1 + random.int(6), value: 20 + random.int(20) }]);
      } else {
        // a purchase every month for a year: active, high value
        plans.push(
          Array.from({ length: 12 }, (_, m) => ({ type: 'purchase', daysAgo: 2 + m * 30, value: 30 + random.int(20) })),
        );
      }
    }
    const personas = personasOf(plans, Int32Array.from(truth), 3);
    const names = personas.map((persona) => persona.name);
    expectTrueNames(names);
    for (const name of names) expect(name).not.toMatch(/browser/i);
    expect(names[0]).toMatch(/^One-time/);
    expect(names[0]).not.toMatch(/\bnew\b/i);
    expect(names[1]).toMatch(/^New/);
    expect(names[2]).not.toMatch(/\bnew\b/i);
    expect(names[2]).toMatch(/High-value|Active|Highly active|Frequent/);
  });

  it('calls a segment browsers only where view events exist and it views more, and buyers where it buys more', () => {
    const random = createSeededRandom(2);
    const plans: PlannedEvent[][] = [];
    const truth: number[] = [];
    for (let u = 0; u < 300; u++) {
      const segment = u % 2;
      truth.push(segment);
      const events: PlannedEvent[] = [];
      for (let e = 0; e < 10; e++) {
        const buys = segment === 1 ? random.next() < 0.8 : random.next() < 0.1;
        events.push({ type: buys ? 'buy' : 'view', daysAgo: random.int(60), value: buys ? 10 : undefined });
      }
      plans.push(events);
    }
    const names = personasOf(plans, Int32Array.from(truth), 2).map((persona) => persona.name);
    expectTrueNames(names);
    expect(names[0]).toMatch(/browsers$/);
    expect(names[1]).toMatch(/buyers$/);
  });

  it('quotes no trait for segments drawn at random, yet gives them distinct, specific names', () => {
    const random = createSeededRandom(11);
    const plans = Array.from({ length: 500 }, () =>
      Array.from({ length: 1 + random.int(5) }, () => ({ type: 'purchase', daysAgo: random.int(200), value: 10 })),
    );
    const labels = Int32Array.from({ length: 500 }, () => random.int(4));
    const personas = personasOf(plans, labels, 4);
    for (const persona of personas) expect(persona.traits).toEqual([]);
    expectTrueNames(personas.map((persona) => persona.name));
  });

  it('quotes a trait only with its tested effect size and corrected p-value', () => {
    const random = createSeededRandom(5);
    const plans = Array.from({ length: 400 }, (_, u) =>
      Array.from({ length: u % 2 === 0 ? 8 + random.int(4) : 1 + random.int(2) }, () => ({
        type: 'purchase',
        daysAgo: random.int(100),
        value: 10,
      })),
    );
    const personas = personasOf(
      plans,
      Int32Array.from({ length: 400 }, (_, u) => u % 2),
      2,
    );
    for (const persona of personas) {
      expect(persona.traits.length).toBeGreaterThan(0);
      for (const trait of persona.traits) {
        expect(Math.abs(trait.z)).toBeGreaterThanOrEqual(0.2);
        expect(trait.p).toBeLessThan(0.01);
        // the quoted values differ as printed: no "5.0 vs 5.0"
        expect(trait.text).not.toMatch(/(\d[\d.]*)\D+ vs \1\D/);
      }
    }
  });
});
