import type { EventTable } from '@/lib/ml/types';

/**
 * The events strictly before `cutoff`, with the same id arrays so user, item and type indexes
 * keep their meaning. Feature functions get this view, so they cannot see the future however
 * they are written.
 */
export function eventsBefore(events: EventTable, cutoff: number): EventTable {
  const kept: number[] = [];
  for (let e = 0; e < events.ts.length; e++) if (events.ts[e] < cutoff) kept.push(e);
  return {
    userIds: events.userIds,
    itemIds: events.itemIds,
    types: events.types,
    user: Int32Array.from(kept, (e) => events.user[e]),
    item: Int32Array.from(kept, (e) => events.item[e]),
    type: Int32Array.from(kept, (e) => events.type[e]),
    ts: Float64Array.from(kept, (e) => events.ts[e]),
    value: Float64Array.from(kept, (e) => events.value[e]),
    text: kept.map((e) => events.text[e]),
  };
}
