import { type FeatureColumn, perUserRatio } from '@/lib/ml/features/featureColumn';
import type { UserEventTotals } from '@/lib/ml/features/userEventTotals';
import type { EventTable } from '@/lib/ml/types';

const typeWords: Record<string, string> = {
  view: 'Browsing',
  click: 'Clicking',
  search: 'Searching',
  cart: 'Cart-filling',
  add_to_cart: 'Cart-filling',
  wishlist: 'Wishlisting',
  purchase: 'Buying',
  order: 'Buying',
  buy: 'Buying',
  rate: 'Rating',
  review: 'Reviewing',
  return: 'Returning',
  share: 'Sharing',
  like: 'Liking',
};

/**
 * The most frequent event types (or the given ones, from a fitted model), and for each event type
 * its column among them (-1 when not counted).
 */
export function indexTopEventTypes(events: EventTable, limit: number, given?: string[]) {
  const topTypeNames = given ?? mostFrequentTypes(events, limit);
  const typeColumn = new Int32Array(events.types.length).fill(-1);
  topTypeNames.forEach((name, column) => {
    const type = events.types.indexOf(name);
    if (type >= 0) typeColumn[type] = column;
  });
  return { topTypeNames, typeColumn };
}

/** Per top event type, the share of each user's events of that type; none unless two types are counted. */
export function eventTypeShareFeatures(topTypeNames: string[], totals: UserEventTotals): FeatureColumn[] {
  const typeCount = topTypeNames.length;
  if (typeCount <= 1) return [];
  return topTypeNames.map((typeName, column) => ({
    description: {
      name: `type_share_${typeName}`,
      label: `Share of events that are ${typeName}`,
      unit: 'share',
      group: 'event types',
      transform: 'none',
      comparison: 'share',
      sentence: `{segment} of events are ${typeName}, vs {population} overall`,
      highWord: typeWords[typeName.toLowerCase()] ?? `${capitalise(typeName)}-heavy`,
      lowWord: null,
      eventType: typeName,
    },
    values: perUserRatio(totals.typeCounts, totals.total, typeCount, column),
  }));
}

function mostFrequentTypes(events: EventTable, limit: number): string[] {
  // With one event type its share is 1 for everyone: no event-type mix columns at all.
  if (events.types.length < 2) return [];
  return mostFrequent(events.type, events.types.length, limit).map((type) => events.types[type]);
}

function mostFrequent(codes: Int32Array, codeCount: number, limit: number): number[] {
  const counts = new Float64Array(codeCount);
  for (let i = 0; i < codes.length; i++) counts[codes[i]]++;
  return Array.from({ length: codeCount }, (_, code) => code)
    .filter((code) => counts[code] > 0)
    .sort((a, b) => counts[b] - counts[a] || a - b)
    .slice(0, limit);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
