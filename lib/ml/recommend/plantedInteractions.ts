import { createSeededRandom } from '@/lib/ml/seededRandom';
import type { EventTable, ItemTable } from '@/lib/ml/types';

export interface PlantedInteractionsOptions {
  users: number;
  items: number;
  /** items are dealt round-robin into this many co-purchase groups (default 20) */
  groups?: number;
  /** distinct items per user, drawn uniformly in [min, max] (default 8..20) */
  itemsPerUser?: [number, number];
  /** share of a user's items drawn from overall popularity instead of their groups (default 0.2) */
  noise?: number;
  /** when true every item is drawn from overall popularity: no co-purchase signal at all */
  popularityOnly?: boolean;
  /** Zipf exponent of overall item popularity (default 0.8) */
  zipfExponent?: number;
  seed?: number;
}

export interface PlantedInteractions {
  events: EventTable;
  items: ItemTable;
  /** the group each item belongs to */
  itemGroup: Int32Array;
  /** the group each user buys from (ignored when popularityOnly) */
  userGroup: Int32Array;
  /** items ordered from most to least popular by construction */
  popularityOrder: Int32Array;
}

/**
 * Synthetic shop with a known answer: each user mostly buys within one item group, so items of a
 * group are bought together; a Zipf popularity curve adds noise. Events come as views, purchases
 * and ratings (value 1..5) at increasing times per user, sorted by user then time.
 */
export function generatePlantedInteractions(options: PlantedInteractionsOptions): PlantedInteractions {
  const { users, items } = options;
  const groups = options.groups ?? 20;
  const [minItems, maxItems] = options.itemsPerUser ?? [8, 20];
  const noise = options.noise ?? 0.2;
  const random = createSeededRandom(options.seed ?? 0);

  const itemGroup = Int32Array.from({ length: items }, (_, i) => i % groups);
  const groupItems: number[][] = Array.from({ length: groups }, () => []);
  for (let i = 0; i < items; i++) groupItems[itemGroup[i]].push(i);
  // Popularity rank is a seeded permutation so that popular items are spread over the groups.
  const popularityOrder = Int32Array.from({ length: items }, (_, i) => i);
  for (let i = items - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [popularityOrder[i], popularityOrder[j]] = [popularityOrder[j], popularityOrder[i]];
  }
  const exponent = options.zipfExponent ?? 0.8;
  const cumulative = new Float64Array(items);
  let total = 0;
  for (let rank = 0; rank < items; rank++) {
    total += 1 / (rank + 1) ** exponent;
    cumulative[rank] = total;
  }
  const drawPopular = (): number => {
    const target = random.next() * total;
    let low = 0;
    let high = items - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle] < target) low = middle + 1;
      else high = middle;
    }
    return popularityOrder[low];
  };

  const userGroup = new Int32Array(users);
  const user: number[] = [];
  const item: number[] = [];
  const type: number[] = [];
  const ts: number[] = [];
  const value: number[] = [];
  const start = Date.UTC(2026, 0, 1);
  const day = 86_400_000;
  for (let u = 0; u < users; u++) {
    userGroup[u] = random.int(groups);
    const wanted = Math.min(items, minItems + random.int(maxItems - minItems + 1));
    const chosen = new Set<number>();
    let attempts = 0;
    while (chosen.size < wanted && attempts++ < wanted * 50) {
      const fromGroup = !options.popularityOnly && random.next() >= noise;
      const members = groupItems[userGroup[u]];
      chosen.add(fromGroup ? members[random.int(members.length)] : drawPopular());
    }
    let time = start + random.int(30) * day;
    for (const chosenItem of chosen) {
      time += 1 + random.int(3 * day);
      user.push(u);
      item.push(chosenItem);
      const roll = random.next();
      type.push(roll < 0.5 ? 0 : roll < 0.85 ? 1 : 2);
      value.push(roll < 0.85 ? Number.NaN : 1 + random.int(5));
      ts.push(time);
    }
  }
  const eventCount = user.length;
  return {
    events: {
      userIds: Array.from({ length: users }, (_, u) => `user-${u}`),
      itemIds: Array.from({ length: items }, (_, i) => `item-${i}`),
      types: ['view', 'purchase', 'rating'],
      user: Int32Array.from(user),
      item: Int32Array.from(item),
      type: Int32Array.from(type),
      ts: Float64Array.from(ts),
      value: Float64Array.from(value),
      text: new Array<string | null>(eventCount).fill(null),
    },
    items: {
      titles: Array.from({ length: items }, (_, i) => `Product ${i} (group ${itemGroup[i]})`),
      categories: Array.from({ length: items }, (_, i) => [`group-${itemGroup[i]}`]),
      price: new Float64Array(items).fill(10),
    },
    itemGroup,
    userGroup,
    popularityOrder,
  };
}
