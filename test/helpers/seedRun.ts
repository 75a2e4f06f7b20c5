import { createHash } from 'node:crypto';
import { bulkInsert } from '@/lib/db/bulkInsert';
import { getPool } from '@/lib/db/connection';
import { eventTypeKeyBytes } from '@/lib/ingest/eventTypeKey';
import { createSeededRandom, type SeededRandom } from '@/lib/ml/runtime/seededRandom';
import type { Persona, PersonaTrait } from '@/lib/runs/persona.types';
import {
  completeRun,
  createRun,
  type StoredProfile,
  type StoredRecommendation,
  type StoredScore,
  type StoredSegment,
  type StoredTarget,
} from '@/lib/runs/runStore';

// A dataset with planted segments and a complete run written through the run store, for the
// read API tests and the browser tests. Every number comes from a seeded generator, so a test
// can assert what was planted: segment sizes, the hidden segment, churn order, the sensitive
// attribute, the events after the cut-off.

export interface SeedOptions {
  name?: string;
  users?: number;
  seed?: number;
  /** also write an older, superseded run, for run history */
  previousRun?: boolean;
  /** events that arrive after the active run's cut-off, which make the run stale */
  eventsAfterCutoff?: number;
  /** how long ago the active run finished */
  trainedHoursAgo?: number;
}

export interface SeededDataset {
  datasetId: number;
  datasetName: string;
  runId: number;
  previousRunId: number | null;
  userIds: string[];
  /** segment index per user id, planted */
  segmentOf: Map<string, number>;
  segments: { index: number; name: string; size: number; belowFloor: boolean }[];
  hiddenSegmentIndex: number;
  itemCount: number;
  eventCount: number;
  eventsUpTo: Date;
}

interface SegmentPlan {
  name: string;
  description: string;
  weight: number;
  center: [number, number];
  orders: number;
  category: string;
  keywords: string[];
  churn: number;
  recencyDays: [number, number];
  sentiment: number;
}

const plans: SegmentPlan[] = [
  {
    name: 'Bargain hunters',
    description: 'Frequent small orders, mostly kitchen and home basics, chasing discounts.',
    weight: 0.35,
    center: [-3, 1],
    orders: 9,
    category: 'Kitchen',
    keywords: ['deal', 'discount', 'cheap', 'value', 'price'],
    churn: 0.25,
    recencyDays: [0, 60],
    sentiment: 0.2,
  },
  {
    name: 'Camera enthusiasts',
    description: 'Few but expensive orders of cameras and lenses; detailed reviews.',
    weight: 0.25,
    center: [3, 2],
    orders: 4,
    category: 'Cameras',
    keywords: ['lens', 'autofocus', 'sharp', 'battery', 'low light'],
    churn: 0.15,
    recencyDays: [0, 45],
    sentiment: 0.5,
  },
  {
    name: 'Loyal bookworms',
    description: 'Steady monthly book buyers with long histories.',
    weight: 0.22,
    center: [0, -3],
    orders: 14,
    category: 'Books',
    keywords: ['story', 'author', 'chapters', 'series'],
    churn: 0.08,
    recencyDays: [0, 30],
    sentiment: 0.6,
  },
  {
    name: 'Lapsed shoppers',
    description: 'Bought fashion a while ago and have not come back.',
    weight: 0.18,
    center: [-1, 5],
    orders: 2,
    category: 'Fashion',
    keywords: ['size', 'return', 'late', 'fit'],
    churn: 0.75,
    recencyDays: [50, 120],
    sentiment: -0.3,
  },
  {
    name: 'Tiny group',
    description: 'Too few users to show.',
    weight: 0,
    center: [5, -4],
    orders: 3,
    category: 'Outdoor',
    keywords: ['tent'],
    churn: 0.4,
    recencyDays: [0, 90],
    sentiment: 0,
  },
];
const hiddenSegmentSize = 5;
const segmentSizeFloor = 20;

const catalog: Record<string, { titles: string[]; price: [number, number] }> = {
  Kitchen: {
    titles: [
      'Chef knife',
      'Cast iron pan',
      'Salad spinner',
      'Spice rack',
      'Kettle',
      'Cutting board',
      'Mixing bowls',
      'Peeler',
    ],
    price: [6, 40],
  },
  Cameras: {
    titles: [
      'Mirrorless body',
      '50mm prime lens',
      'Zoom lens 24-70',
      'Camera bag',
      'Tripod',
      'Flash unit',
      'Spare battery',
      'ND filter',
    ],
    price: [60, 900],
  },
  Books: {
    titles: [
      'The Long Winter',
      'Sea of Glass',
      'A Quiet Harbour',
      'Night Trains',
      'The Cartographer',
      'Salt and Iron',
      'Lanterns',
      'Northern Lights',
    ],
    price: [8, 30],
  },
  Fashion: {
    titles: [
      'Linen shirt',
      'Wrap dress',
      'Chelsea boots',
      'Wool scarf',
      'Denim jacket',
      'Rain coat',
      'Sneakers',
      'Leather belt',
    ],
    price: [20, 150],
  },
  Audio: {
    titles: [
      'Noise cancelling headphones',
      'Bluetooth speaker',
      'Earbuds',
      'Turntable',
      'Soundbar',
      'DAC',
      'Studio monitors',
      'Headphone stand',
    ],
    price: [30, 400],
  },
  Outdoor: {
    titles: [
      'Two-person tent',
      'Sleeping bag',
      'Camping stove',
      'Head torch',
      'Water filter',
      'Trekking poles',
      'Day pack',
      'Camp chair',
    ],
    price: [15, 250],
  },
};
const categories = Object.keys(catalog);
const ageBands = ['18-24', '25-34', '35-44', '45-54', '55+'];
const dayMs = 86_400_000;

function fingerprint(parts: unknown[]): string {
  const hex = createHash('md5').update(JSON.stringify(parts)).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
const median = (values: number[]) => {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const sd = (values: number[]) => {
  const m = mean(values);
  return Math.sqrt(mean(values.map((v) => (v - m) ** 2)));
};
const clamp01 = (value: number) => Math.min(0.99, Math.max(0.01, value));

interface SeededEvent {
  userId: string;
  itemId: string | null;
  type: string;
  ts: number;
  value: number | null;
  text: string | null;
}

const traitLabels: Record<string, string> = {
  orders: 'Orders',
  spend_total: 'Total spend',
  avg_order_value: 'Spend per order',
  days_since_last: 'Days since last event',
  reviews: 'Reviews written',
};

/** Seeds one dataset with users, items, events, attributes and a complete active run. */
export async function seedDatasetWithRun(options: SeedOptions = {}): Promise<SeededDataset> {
  const random = createSeededRandom(options.seed ?? 7);
  const userTotal = Math.max(options.users ?? 300, 60);
  const datasetName = options.name ?? `seeded_${Date.now().toString(36)}_${random.int(1e6)}`;
  const pool = getPool();
  const now = Date.now();
  const trainedAt = now - (options.trainedHoursAgo ?? 3) * 3_600_000;
  const eventsUpTo = trainedAt - 3_600_000;

  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO datasets (name, settings) VALUES ($1, $2) RETURNING id`,
    [datasetName, JSON.stringify({ sensitiveAttributes: ['religion'], segmentSizeFloor })],
  );
  const datasetId = rows[0].id;

  const items = categories.flatMap((category) =>
    catalog[category].titles.map((title, i) => ({
      itemId: `${category.slice(0, 3).toLowerCase()}-${i + 1}`,
      title,
      category,
      price: Math.round(random.uniform(...catalog[category].price) * 100) / 100,
    })),
  );
  const itemsByCategory = new Map(categories.map((c) => [c, items.filter((item) => item.category === c)]));

  // Users, their planted segment, their events.
  const userIds: string[] = [];
  const segmentOf = new Map<string, number>();
  const shownPlans = plans.length - 1;
  const sizes = plans.map((plan, i) =>
    i === shownPlans ? hiddenSegmentSize : Math.round(plan.weight * (userTotal - hiddenSegmentSize)),
  );
  sizes[0] += userTotal - sizes.reduce((a, b) => a + b, 0);
  const events: SeededEvent[] = [];
  let userNumber = 0;
  sizes.forEach((size, segment) => {
    for (let i = 0; i < size; i++) {
      userNumber++;
      const userId = `u${String(userNumber).padStart(5, '0')}`;
      userIds.push(userId);
      segmentOf.set(userId, segment);
    }
  });
  for (const userId of userIds) {
    const plan = plans[segmentOf.get(userId) as number];
    const orders = Math.max(1, Math.round(plan.orders * random.uniform(0.5, 1.5)));
    const [nearest, farthest] = plan.recencyDays;
    const lastDaysAgo = random.uniform(nearest, farthest);
    for (let o = 0; o < orders; o++) {
      const category = random.next() < 0.75 ? plan.category : random.pick(categories);
      const item = random.pick(itemsByCategory.get(category) ?? items);
      const ts = eventsUpTo - (lastDaysAgo + random.uniform(0, 80) * (o === 0 ? 0 : 1)) * dayMs;
      events.push({ userId, itemId: item.itemId, type: 'view', ts: ts - 3_600_000, value: null, text: null });
      events.push({ userId, itemId: item.itemId, type: 'purchase', ts, value: item.price, text: null });
      if (random.next() < 0.3) {
        const words = [random.pick(plan.keywords), random.pick(plan.keywords)];
        const tone = plan.sentiment > 0 ? 'Really happy with the' : plan.sentiment < 0 ? 'Disappointed by the' : 'Okay';
        events.push({
          userId,
          itemId: item.itemId,
          type: 'review',
          ts: ts + dayMs,
          value: null,
          text: `${tone} ${words.join(' and ')}.`,
        });
      }
    }
  }
  const cutoffEvents = events.filter((event) => event.ts <= eventsUpTo);
  const lateEvents: SeededEvent[] = [];
  for (let i = 0; i < (options.eventsAfterCutoff ?? 0); i++) {
    lateEvents.push({
      userId: userIds[i % userIds.length],
      itemId: items[i % items.length].itemId,
      type: 'view',
      ts: eventsUpTo + (i + 1) * 60_000,
      value: null,
      text: null,
    });
  }

  const attributes: [string, string, string, string | null, number | null][] = [];
  for (const userId of userIds) {
    const plan = plans[segmentOf.get(userId) as number];
    if (random.next() < 0.6) {
      const band = plan.category === 'Books' ? random.pick(ageBands.slice(2)) : random.pick(ageBands.slice(0, 3));
      attributes.push([userId, 'age_band', 'string', band, null]);
    }
    const member = random.next() < 0.4 ? 'true' : 'false';
    if (Number(userId.slice(1)) % 5 !== 0) attributes.push([userId, 'is_member', 'boolean', member, null]);
    attributes.push([userId, 'religion', 'string', random.pick(['a', 'b', 'c']), null]);
  }

  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await bulkInsert(
      client,
      'tracked_users',
      [
        { name: 'dataset_id', type: 'int' },
        { name: 'user_id', type: 'text' },
      ],
      userIds.map((userId) => [datasetId, userId]),
    );
    await bulkInsert(
      client,
      'items',
      [
        { name: 'dataset_id', type: 'int' },
        { name: 'item_id', type: 'text' },
        { name: 'title', type: 'text' },
        { name: 'categories', type: 'text[]' },
        { name: 'price', type: 'float8' },
      ],
      items.map((item) => [datasetId, item.itemId, item.title, `{${item.category}}`, item.price]),
    );
    await bulkInsert(
      client,
      'events',
      [
        { name: 'dataset_id', type: 'int' },
        { name: 'fingerprint', type: 'uuid' },
        { name: 'user_id', type: 'text' },
        { name: 'item_id', type: 'text' },
        { name: 'type', type: 'text' },
        { name: 'ts', type: 'timestamptz' },
        { name: 'value', type: 'float8' },
        { name: 'text', type: 'text' },
        { name: 'type_key', type: 'bigint' },
      ],
      [...cutoffEvents, ...lateEvents].map((event, i) => [
        datasetId,
        fingerprint([datasetId, i, event.userId, event.ts]),
        event.userId,
        event.itemId,
        event.type,
        new Date(event.ts).toISOString(),
        event.value,
        event.text,
        eventTypeKeyBytes(event.type).readBigInt64BE().toString(),
      ]),
    );
    await bulkInsert(
      client,
      'user_attributes',
      [
        { name: 'dataset_id', type: 'int' },
        { name: 'user_id', type: 'text' },
        { name: 'name', type: 'text' },
        { name: 'kind', type: 'text' },
        { name: 'value_text', type: 'text' },
        { name: 'value_num', type: 'float8' },
      ],
      attributes.map((row) => [datasetId, ...row]),
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }

  const context = { datasetId, userIds, segmentOf, items, events: cutoffEvents, attributes, random, eventsUpTo };
  let previousRunId: number | null = null;
  if (options.previousRun) {
    previousRunId = await writeRun(context, { trainedAt: trainedAt - 8 * dayMs, quality: 0.9 });
  }
  const runId = await writeRun(context, { trainedAt, quality: 1 });
  return {
    datasetId,
    datasetName,
    runId,
    previousRunId,
    userIds,
    segmentOf,
    segments: plans.map((plan, index) => ({
      index,
      name: plan.name,
      size: sizes[index],
      belowFloor: sizes[index] < segmentSizeFloor,
    })),
    hiddenSegmentIndex: shownPlans,
    itemCount: items.length,
    eventCount: cutoffEvents.length + lateEvents.length,
    eventsUpTo: new Date(eventsUpTo),
  };
}

interface RunContext {
  datasetId: number;
  userIds: string[];
  segmentOf: Map<string, number>;
  items: { itemId: string; title: string; category: string; price: number }[];
  events: SeededEvent[];
  attributes: [string, string, string, string | null, number | null][];
  random: SeededRandom;
  eventsUpTo: number;
}

/** Writes one run's outputs through createRun/completeRun, then dates it `trainedAt`. */
async function writeRun(context: RunContext, options: { trainedAt: number; quality: number }): Promise<number> {
  const { datasetId, userIds, segmentOf, items, events, random, eventsUpTo } = context;
  const itemById = new Map(items.map((item) => [item.itemId, item]));
  const eventsByUser = new Map<string, SeededEvent[]>();
  for (const event of events) {
    const list = eventsByUser.get(event.userId) ?? [];
    list.push(event);
    eventsByUser.set(event.userId, list);
  }

  const featuresOf = new Map<string, Record<string, number | string | boolean>>();
  const categoryCounts = new Map<string, Map<string, number>>();
  for (const userId of userIds) {
    const own = eventsByUser.get(userId) ?? [];
    const purchases = own.filter((event) => event.type === 'purchase');
    const spend = purchases.reduce((sum, event) => sum + (event.value ?? 0), 0);
    const counts = new Map<string, number>();
    for (const purchase of purchases) {
      const category = itemById.get(purchase.itemId as string)?.category as string;
      counts.set(category, (counts.get(category) ?? 0) + 1);
    }
    categoryCounts.set(userId, counts);
    const topCategory = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'none';
    const last = Math.max(...own.map((event) => event.ts));
    featuresOf.set(userId, {
      orders: purchases.length,
      spend_total: Math.round(spend * 100) / 100,
      avg_order_value: Math.round((spend / Math.max(1, purchases.length)) * 100) / 100,
      days_since_last: Math.round((eventsUpTo - last) / dayMs),
      reviews: own.filter((event) => event.type === 'review').length,
      top_category: topCategory,
      has_reviewed: own.some((event) => event.type === 'review'),
    });
  }

  const scores: StoredScore[] = [];
  const churnOf = new Map<string, number>();
  const cameraOf = new Map<string, number>();
  const known = new Set(context.attributes.filter((row) => row[1] === 'age_band').map((row) => row[0]));
  const knownMember = new Set(context.attributes.filter((row) => row[1] === 'is_member').map((row) => row[0]));
  for (const userId of userIds) {
    const plan = plans[segmentOf.get(userId) as number];
    const churn = clamp01(plan.churn + random.normal() * 0.12);
    const camera = clamp01((plan.category === 'Cameras' ? 0.6 : 0.08) + random.normal() * 0.08);
    churnOf.set(userId, churn);
    cameraOf.set(userId, camera);
    scores.push({ target: 'churn', userId, value: churn });
    scores.push({ target: 'propensity:Cameras', userId, value: camera });
    if (!known.has(userId)) {
      const weights = ageBands.map(() => random.next() + 0.05);
      weights[plan.category === 'Books' ? 3 : 1] += 2;
      const total = weights.reduce((a, b) => a + b, 0);
      const probabilities = Object.fromEntries(
        ageBands.map((band, i) => [band, Math.round((weights[i] / total) * 1000) / 1000]),
      );
      const best = ageBands.reduce((a, b) => (probabilities[a] >= probabilities[b] ? a : b));
      scores.push({
        target: 'attr:age_band',
        userId,
        value: probabilities[best],
        detail: { predicted: best, probabilities },
      });
      scores.push({ target: 'attr:religion', userId, value: 0.5, detail: { a: 0.5, b: 0.5 } });
    }
    if (!knownMember.has(userId)) {
      const p = Math.round(clamp01(0.3 + random.normal() * 0.2) * 1000) / 1000;
      scores.push({
        target: 'attr:is_member',
        userId,
        value: p,
        detail: { predicted: p >= 0.5 ? 'true' : 'false', positive: 'true' },
      });
    }
  }

  const profiles: StoredProfile[] = [];
  const bySegment = new Map<number, string[]>();
  for (const userId of userIds) {
    const segment = segmentOf.get(userId) as number;
    const [cx, cy] = plans[segment].center;
    const dx = random.normal() * 0.9;
    const dy = random.normal() * 0.9;
    profiles.push({
      userId,
      segmentIndex: segment,
      vector: [cx + dx, cy + dy],
      mapX: cx + dx,
      mapY: cy + dy,
      distance: Math.hypot(dx, dy),
      sampleKey: random.next(),
      features: featuresOf.get(userId) as object,
    });
    const list = bySegment.get(segment) ?? [];
    list.push(userId);
    bySegment.set(segment, list);
  }
  const distanceOf = new Map(profiles.map((profile) => [profile.userId, profile.distance]));

  const ageBandOf = new Map(context.attributes.filter((row) => row[1] === 'age_band').map((row) => [row[0], row[3]]));
  const numeric = Object.keys(traitLabels);
  const population = (feature: string) => userIds.map((userId) => featuresOf.get(userId)?.[feature] as number);
  const populationCategoryShare = (category: string) =>
    mean(userIds.map((userId) => (categoryCounts.get(userId)?.has(category) ? 1 : 0)));
  const segments: StoredSegment[] = plans.map((plan, index) => {
    const members = bySegment.get(index) ?? [];
    const traits: PersonaTrait[] = numeric
      .map((feature) => {
        const values = members.map((userId) => featuresOf.get(userId)?.[feature] as number);
        const all = population(feature);
        const segmentValue = median(values);
        const populationValue = median(all);
        const z = (mean(values) - mean(all)) / (sd(all) || 1);
        const ratio = populationValue ? segmentValue / populationValue : 0;
        return {
          feature,
          label: traitLabels[feature],
          segmentValue,
          populationValue,
          z,
          text: `${traitLabels[feature]} ${ratio.toFixed(1)}x the population median`,
        };
      })
      .sort((a, b) => Math.abs(b.z) - Math.abs(a.z))
      .slice(0, 4);
    const topCategories = categories
      .map((category) => {
        const share = mean(members.map((userId) => (categoryCounts.get(userId)?.has(category) ? 1 : 0)));
        return { name: category, share, lift: share / (populationCategoryShare(category) || 1) };
      })
      .sort((a, b) => b.lift - a.lift)
      .slice(0, 4);
    const itemBuyers = new Map<string, Set<string>>();
    for (const userId of members) {
      for (const event of eventsByUser.get(userId) ?? []) {
        if (event.type !== 'purchase' || !event.itemId) continue;
        const set = itemBuyers.get(event.itemId) ?? new Set();
        set.add(userId);
        itemBuyers.set(event.itemId, set);
      }
    }
    const topItems = [...itemBuyers.entries()]
      .sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0]))
      .slice(0, 5)
      .map(([itemId, buyers]) => ({
        itemId,
        title: itemById.get(itemId)?.title ?? null,
        users: buyers.size,
        lift: Math.round((buyers.size / Math.max(1, members.length)) * 10 * 100) / 100,
      }));
    const bandShare = (ids: string[], band: string) =>
      ids.length ? ids.filter((userId) => ageBandOf.get(userId) === band).length / ids.length : 0;
    const activity = Array.from({ length: 12 }, (_, week) => {
      const from = eventsUpTo - (12 - week) * 7 * dayMs;
      const to = from + 7 * dayMs;
      const count = members.reduce(
        (sum, userId) =>
          sum + (eventsByUser.get(userId) ?? []).filter((event) => event.ts >= from && event.ts < to).length,
        0,
      );
      return Math.round((count / Math.max(1, members.length)) * 100) / 100;
    });
    const persona: Persona = {
      name: plan.name,
      description: plan.description,
      size: members.length,
      share: members.length / userIds.length,
      traits,
      topCategories,
      keywords: plan.keywords.map((term, i) => ({ term, weight: Math.round((1 - i * 0.15) * 100) / 100 })),
      attributes: {
        age_band: ageBands.map((band) => ({
          value: band,
          share: bandShare(members, band),
          populationShare: bandShare(userIds, band),
        })),
        religion: [{ value: 'a', share: 0.5, populationShare: 0.3 }],
      },
      sentiment: { mean: plan.sentiment, textUsers: Math.round(members.length * 0.3) },
      topItems,
      churnShare: mean(members.map((userId) => ((churnOf.get(userId) ?? 0) >= 0.5 ? 1 : 0))),
      nextInterests: [
        {
          category: 'Cameras',
          segmentMean: mean(members.map((userId) => cameraOf.get(userId) ?? 0)),
          populationMean: mean(userIds.map((userId) => cameraOf.get(userId) ?? 0)),
        },
      ],
      representativeUsers: [...members].sort((a, b) => (distanceOf.get(a) ?? 0) - (distanceOf.get(b) ?? 0)).slice(0, 5),
      activity,
    };
    return {
      index,
      name: plan.name,
      description: plan.description,
      size: members.length,
      share: members.length / userIds.length,
      belowFloor: members.length < segmentSizeFloor,
      centroid: plan.center,
      persona,
    };
  });

  // Quality in the two shapes the pipeline writes: the flat evaluate contract (churn) and a
  // trained target's record with its hold-out block and split (the others).
  const r3 = (value: number) => Math.round(value * 1000) / 1000;
  const targets: StoredTarget[] = [
    {
      target: 'churn',
      kind: 'binary',
      status: 'trained',
      model: 'boosted-trees',
      quality: {
        metric: 'auc',
        value: r3(0.81 * options.quality),
        baseline: 0.5,
        auc: r3(0.81 * options.quality),
        lift10: r3(2.4 * options.quality),
        brier: 0.17,
        model: 'boosted-trees',
        validation: { linear: 0.78, 'boosted-trees': 0.8 },
        split: { kind: 'stratified-holdout', testFraction: 0.2, seed: 7, trainRows: 240, testRows: 60 },
        labelled: 300,
        positives: 93,
        negatives: 207,
        classCounts: null,
        classNames: null,
        topFeatures: [{ name: 'recency_days', importance: 0.4 }],
      },
    },
    {
      target: 'propensity:Cameras',
      kind: 'binary',
      status: 'trained',
      model: 'logistic-regression',
      quality: {
        metric: 'auc',
        value: r3(0.77 * options.quality),
        baseline: 0.5,
        holdout: {
          metric: 'auc',
          value: r3(0.77 * options.quality),
          baseline: 0.5,
          auc: r3(0.77 * options.quality),
          lift10: 3.1,
        },
        split: { kind: 'stratified-holdout', testFraction: 0.2, seed: 7, trainRows: 240, testRows: 60 },
        labelled: 300,
      },
    },
    {
      target: 'attr:age_band',
      kind: 'multiclass',
      status: 'trained',
      model: 'boosted-trees',
      quality: {
        metric: 'macroF1',
        value: r3(0.41 * options.quality),
        baseline: 0.12,
        holdout: {
          metric: 'macroF1',
          value: r3(0.41 * options.quality),
          baseline: 0.12,
          macroF1: r3(0.41 * options.quality),
          accuracy: r3(0.46 * options.quality),
          baselineAccuracy: 0.27,
        },
        split: { kind: 'stratified-holdout', testFraction: 0.2, seed: 7, trainRows: 144, testRows: 36 },
        labelled: 180,
      },
    },
    {
      target: 'attr:is_member',
      kind: 'binary',
      status: 'trained',
      model: 'linear',
      quality: {
        metric: 'auc',
        value: 0.55,
        baseline: 0.5,
        auc: 0.55,
        split: 'stratified hold-out 20%',
        labelled: 240,
      },
    },
    {
      target: 'attr:income',
      kind: 'numeric',
      status: 'skipped',
      reason: 'fewer than 50 users have income',
      quality: {},
    },
  ];

  const recommendations: StoredRecommendation[] = [];
  for (const userId of userIds) {
    const plan = plans[segmentOf.get(userId) as number];
    const bought = new Set((eventsByUser.get(userId) ?? []).map((event) => event.itemId));
    const candidates = items
      .filter((item) => !bought.has(item.itemId))
      .map((item) => ({ item, score: (item.category === plan.category ? 0.6 : 0.1) + random.next() * 0.3 }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 10);
    candidates.forEach(({ item, score }, rank) => {
      recommendations.push({
        userId,
        rank: rank + 1,
        itemId: item.itemId,
        score: Math.round(score * 1000) / 1000,
        reason:
          item.category === plan.category
            ? `Popular with ${plan.name.toLowerCase()}`
            : 'Bought by users with similar baskets',
      });
    });
  }

  const runId = await createRun(datasetId, { k: plans.length, seed: 7 });
  await completeRun(
    runId,
    datasetId,
    { segments, profiles, targets, scores, recommendations },
    {
      metrics: {
        segments: { k: plans.length, silhouette: Math.round(0.42 * options.quality * 1000) / 1000 },
        recommend: {
          k: 10,
          model: 'item-knn',
          ndcg: r3(0.31 * options.quality),
          precision: 0.08,
          recall: 0.21,
          hitRate: 0.44,
          coverage: 0.62,
          baselines: { popularity: { ndcg: 0.18, precision: 0.05, recall: 0.12 } },
          split: "each user's latest 20% of items held out",
        },
      },
      timings: { total: 42_000 },
      meta: {
        map: { method: 'pca' },
        features: [{ name: 'days_since_last', label: 'Days since the last event', unit: 'days' }],
      },
      eventsUpTo: new Date(eventsUpTo),
    },
  );
  await getPool().query(`UPDATE model_runs SET started_at = $2, finished_at = $3 WHERE id = $1`, [
    runId,
    new Date(options.trainedAt - 42_000),
    new Date(options.trainedAt),
  ]);
  return runId;
}
