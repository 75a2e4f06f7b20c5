import { createSeededRandom } from '@/lib/ml/seededRandom';
import type { EventTable, ItemTable } from '@/lib/ml/types';

/** A planted behaviour pattern: tests and benchmarks check that segmentation finds it again. */
export interface PlantedPersona {
  name: string;
  /** weight per category in SYNTHETIC_CATEGORIES order */
  categoryWeights: number[];
  /** typical hour of activity (UTC) */
  hour: number;
  /** chance that an active day falls on a weekend */
  weekendChance: number;
  /** 'high' picks the dearer of two items, 'low' the cheaper */
  priceTaste: 'high' | 'low' | 'any';
  /** chance that a viewed item is bought */
  purchaseChance: number;
  /** chance that a bought item is rated, and the mean rating */
  ratingChance: number;
  meanRating: number;
  /** relative number of events */
  activity: number;
}

export const SYNTHETIC_CATEGORIES = ['Electronics', 'Books', 'Home', 'Garden', 'Toys', 'Beauty'];

export const DEFAULT_PLANTED_PERSONAS: PlantedPersona[] = [
  {
    name: 'night electronics premium',
    categoryWeights: [8, 0.5, 0.5, 0.3, 0.3, 0.4],
    hour: 2,
    weekendChance: 0.3,
    priceTaste: 'high',
    purchaseChance: 0.25,
    ratingChance: 0.1,
    meanRating: 4,
    activity: 1,
  },
  {
    name: 'morning books bargain',
    categoryWeights: [0.3, 8, 0.5, 0.5, 0.3, 0.4],
    hour: 8,
    weekendChance: 0.25,
    priceTaste: 'low',
    purchaseChance: 0.2,
    ratingChance: 0.2,
    meanRating: 3.5,
    activity: 1,
  },
  {
    name: 'weekend home browsers',
    categoryWeights: [0.3, 0.3, 5, 4, 0.3, 0.3],
    hour: 14,
    weekendChance: 0.9,
    priceTaste: 'any',
    purchaseChance: 0.02,
    ratingChance: 0,
    meanRating: 3,
    activity: 1.5,
  },
  {
    name: 'evening toy raters',
    categoryWeights: [0.3, 0.3, 0.3, 0.3, 5, 4],
    hour: 20,
    weekendChance: 0.3,
    priceTaste: 'any',
    purchaseChance: 0.3,
    ratingChance: 0.9,
    meanRating: 2,
    activity: 0.8,
  },
];

export interface SyntheticEventsOptions {
  users: number;
  /** mean events per user (default 20) */
  eventsPerUser?: number;
  items?: number;
  personas?: PlantedPersona[];
  /** relative persona sizes (default equal) */
  personaWeights?: number[];
  /** length of the observed window ending at asOf (default 180 days) */
  windowDays?: number;
  asOf?: number;
  seed?: number;
}

/**
 * An event log with planted personas (known per-user truth), shaped as the pipeline reads it:
 * events sorted by user then time, dense indexes into id arrays.
 */
export function generateSyntheticEvents(options: SyntheticEventsOptions): {
  events: EventTable;
  items: ItemTable;
  truth: Int32Array;
  asOf: number;
} {
  const random = createSeededRandom(options.seed ?? 0);
  const personas = options.personas ?? DEFAULT_PLANTED_PERSONAS;
  const personaWeights = options.personaWeights ?? personas.map(() => 1);
  const userCount = options.users;
  const itemCount = options.items ?? 600;
  const meanEvents = options.eventsPerUser ?? 20;
  const asOf = options.asOf ?? Date.UTC(2026, 10, 1);
  const windowMs = (options.windowDays ?? 180) * 86_400_000;
  const categoryCount = SYNTHETIC_CATEGORIES.length;

  const itemCategory = Int32Array.from({ length: itemCount }, (_, i) => i % categoryCount);
  const basePrice = [300, 15, 60, 40, 25, 30];
  const price = Float64Array.from(
    { length: itemCount },
    (_, i) => Math.round(basePrice[itemCategory[i]] * Math.exp(0.6 * random.normal()) * 100) / 100,
  );
  const itemsOfCategory = SYNTHETIC_CATEGORIES.map((_, c) => {
    const list: number[] = [];
    for (let i = 0; i < itemCount; i++) if (itemCategory[i] === c) list.push(i);
    return list;
  });
  const types = ['view', 'cart', 'purchase', 'rate'];
  const [view, cart, purchase, rate] = [0, 1, 2, 3];

  const truth = new Int32Array(userCount);
  const personaTotal = personaWeights.reduce((a, b) => a + b, 0);
  const pickWeighted = (weights: number[], sum: number) => {
    let r = random.next() * sum;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  };

  const capacity = Math.ceil(userCount * meanEvents * 1.6) + 64;
  let user = new Int32Array(capacity);
  let item = new Int32Array(capacity);
  let type = new Int32Array(capacity);
  let ts = new Float64Array(capacity);
  let value = new Float64Array(capacity);
  let n = 0;
  const push = (u: number, it: number, ty: number, time: number, v: number) => {
    if (n === user.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const next = new (a.constructor as new (size: number) => T)(a.length * 2);
        next.set(a);
        return next;
      };
      user = grow(user);
      item = grow(item);
      type = grow(type);
      ts = grow(ts);
      value = grow(value);
    }
    user[n] = u;
    item[n] = it;
    type[n] = ty;
    ts[n] = time;
    value[n] = v;
    n++;
  };

  const sessionTimes: number[] = [];
  for (let u = 0; u < userCount; u++) {
    const p = pickWeighted(personaWeights, personaTotal);
    truth[u] = p;
    const persona = personas[p];
    const categorySum = persona.categoryWeights.reduce((a, b) => a + b, 0);
    const target = Math.max(1, Math.round(meanEvents * persona.activity * Math.exp(0.4 * random.normal())));
    const sessions = Math.max(1, Math.round(target / 5));
    sessionTimes.length = 0;
    for (let s = 0; s < sessions; s++) {
      let day = Math.floor((asOf - windowMs) / 86_400_000) + random.int(windowMs / 86_400_000);
      const wantsWeekend = random.next() < persona.weekendChance;
      for (let shift = 0; shift < 7; shift++) {
        const weekday = (((day + 4) % 7) + 7) % 7;
        const isWeekend = weekday === 0 || weekday === 6;
        if (isWeekend === wantsWeekend) break;
        day = day - 1;
      }
      const hour = (((persona.hour + 1.5 * random.normal()) % 24) + 24) % 24;
      const start = day * 86_400_000 + hour * 3_600_000;
      sessionTimes.push(Math.min(start, asOf - 86_400_000));
    }
    sessionTimes.sort((a, b) => a - b);
    let emitted = 0;
    let time = Number.NEGATIVE_INFINITY;
    for (let s = 0; s < sessions && emitted < target; s++) {
      // Sessions never overlap, so each user's events stay in time order.
      time = Math.max(sessionTimes[s], time + 60_000);
      const perSession = Math.ceil(target / sessions);
      for (let e = 0; e < perSession && emitted < target; e++) {
        const category = pickWeighted(persona.categoryWeights, categorySum);
        const pool = itemsOfCategory[category];
        let chosen = pool[random.int(pool.length)];
        if (persona.priceTaste !== 'any') {
          const other = pool[random.int(pool.length)];
          const dearer = price[other] > price[chosen];
          if (dearer === (persona.priceTaste === 'high')) chosen = other;
        }
        time += 30_000 + random.int(240_000);
        push(u, chosen, view, time, Number.NaN);
        emitted++;
        if (random.next() < persona.purchaseChance * 1.5) {
          time += 20_000;
          push(u, chosen, cart, time, Number.NaN);
          emitted++;
          if (random.next() < 2 / 3) {
            time += 40_000;
            push(u, chosen, purchase, time, Math.round(price[chosen] * (0.9 + 0.2 * random.next()) * 100) / 100);
            emitted++;
            if (random.next() < persona.ratingChance) {
              time += 60_000;
              const rating = Math.min(5, Math.max(1, Math.round(persona.meanRating + 0.8 * random.normal())));
              push(u, chosen, rate, time, rating);
              emitted++;
            }
          }
        }
      }
    }
  }

  const events: EventTable = {
    userIds: Array.from({ length: userCount }, (_, u) => `u${String(u).padStart(6, '0')}`),
    itemIds: Array.from({ length: itemCount }, (_, i) => `i${i}`),
    types,
    user: user.slice(0, n),
    item: item.slice(0, n),
    type: type.slice(0, n),
    ts: ts.slice(0, n),
    value: value.slice(0, n),
    text: new Array(n).fill(null),
  };
  const items: ItemTable = {
    titles: Array.from({ length: itemCount }, (_, i) => `${SYNTHETIC_CATEGORIES[itemCategory[i]]} item ${i}`),
    categories: Array.from({ length: itemCount }, (_, i) => [SYNTHETIC_CATEGORIES[itemCategory[i]]]),
    price,
  };
  return { events, items, truth, asOf };
}
