import { type FeatureColumn, perUserRatio } from '@/lib/ml/features/featureColumn';
import type { UserEventTotals } from '@/lib/ml/features/userEventTotals';
import type { EventTable, ItemTable } from '@/lib/ml/types';

/**
 * The most interacted-with categories (or the given ones, from a fitted model), and for each item
 * the columns of its top categories (CSR).
 */
export function indexTopCategories(events: EventTable, items: ItemTable, limit: number, given?: string[]) {
  const topCategoryNames = given ?? mostInteractedCategories(events, items, limit);
  const columnOf = new Map(topCategoryNames.map((name, column) => [name, column]));
  const itemCategoryStart = new Int32Array(events.itemIds.length + 1);
  const collected: number[] = [];
  for (let item = 0; item < events.itemIds.length; item++) {
    itemCategoryStart[item] = collected.length;
    for (const category of new Set(items.categories[item] ?? [])) {
      const column = columnOf.get(category);
      if (column !== undefined) collected.push(column);
    }
  }
  itemCategoryStart[events.itemIds.length] = collected.length;
  return { topCategoryNames, itemCategoryStart, itemCategoryColumns: Int32Array.from(collected) };
}

/** Per top category, the share of each user's item events on items in it. */
export function categoryShareFeatures(topCategoryNames: string[], totals: UserEventTotals): FeatureColumn[] {
  return topCategoryNames.map((category, column) => ({
    description: {
      name: `category_share_${category}`,
      label: `Share of item activity in ${category}`,
      unit: 'share',
      group: 'categories',
      transform: 'none',
      comparison: 'share',
      sentence: `{segment} of item activity in ${category}, vs {population} overall`,
      highWord: null,
      lowWord: null,
      category,
    },
    values: perUserRatio(totals.categoryCounts, totals.itemEvents, topCategoryNames.length, column),
  }));
}

function mostInteractedCategories(events: EventTable, items: ItemTable, limit: number): string[] {
  const itemEventCounts = new Float64Array(events.itemIds.length);
  for (let e = 0; e < events.item.length; e++) if (events.item[e] >= 0) itemEventCounts[events.item[e]]++;
  const categoryEvents = new Map<string, number>();
  for (let item = 0; item < events.itemIds.length; item++) {
    if (itemEventCounts[item] === 0) continue;
    for (const category of new Set(items.categories[item] ?? [])) {
      categoryEvents.set(category, (categoryEvents.get(category) ?? 0) + itemEventCounts[item]);
    }
  }
  return [...categoryEvents.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([name]) => name);
}
