import type { UserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';

export interface OverIndexedItem {
  item: number;
  /** share of the segment's users with the item ÷ share of all users with it */
  lift: number;
  /** users of the segment with the item */
  support: number;
  segmentShare: number;
  overallShare: number;
}

export interface OverIndexOptions {
  /** an item needs at least this many of the segment's users (default 5) */
  minSupport?: number;
  /** items kept per segment (default 10) */
  top?: number;
}

/**
 * Per segment, the items its members engage with far more than users overall: lift against
 * overall popularity, keeping items with lift above 1 and enough support so that one odd user
 * cannot top the list. Users labelled −1 count in the overall shares only.
 */
export function segmentOverIndexedItems(
  interactions: UserItemInteractions,
  segmentOfUser: Int32Array,
  segments: number,
  options: OverIndexOptions = {},
): OverIndexedItem[][] {
  const minSupport = options.minSupport ?? 5;
  const top = options.top ?? 10;
  const { users, items, userStart, itemIndex } = interactions;
  const overall = new Float64Array(items);
  const bySegment = new Float64Array(segments * items);
  const segmentSize = new Float64Array(segments);
  for (let u = 0; u < users; u++) {
    const segment = segmentOfUser[u];
    if (segment >= 0) segmentSize[segment]++;
    for (let p = userStart[u]; p < userStart[u + 1]; p++) {
      overall[itemIndex[p]]++;
      if (segment >= 0) bySegment[segment * items + itemIndex[p]]++;
    }
  }
  const result: OverIndexedItem[][] = [];
  for (let segment = 0; segment < segments; segment++) {
    const list: OverIndexedItem[] = [];
    for (let item = 0; item < items; item++) {
      const support = bySegment[segment * items + item];
      if (support < minSupport) continue;
      const segmentShare = support / segmentSize[segment];
      const overallShare = overall[item] / users;
      const lift = segmentShare / overallShare;
      if (lift > 1) list.push({ item, lift, support, segmentShare, overallShare });
    }
    list.sort((a, b) => b.lift - a.lift || b.support - a.support || a.item - b.item);
    result.push(list.slice(0, top));
  }
  return result;
}
