import type { EventTable } from '@/lib/ml/types';

/**
 * The events strictly before `cutoff`, with the same id arrays so user, item and type indexes
 * keep their meaning. Feature functions get this view, so they cannot see the future however
 * they are written.
 */
export function eventsBefore(events: EventTable, cutoff: number): EventTable {
  let kept = 0;
  for (let e = 0; e < events.ts.length; e++) if (events.ts[e] < cutoff) kept++;
  const user = new Int32Array(kept);
  const item = new Int32Array(kept);
  const type = new Int32Array(kept);
  const ts = new Float64Array(kept);
  const value = new Float64Array(kept);
  // a table sent without its text (to the event-model thread) stays without
  const withText = events.text.length > 0;
  const text = new Array<string | null>(withText ? kept : 0);
  let k = 0;
  for (let e = 0; e < events.ts.length; e++) {
    if (!(events.ts[e] < cutoff)) continue;
    user[k] = events.user[e];
    item[k] = events.item[e];
    type[k] = events.type[e];
    ts[k] = events.ts[e];
    value[k] = events.value[e];
    if (withText) text[k] = events.text[e];
    k++;
  }
  return { userIds: events.userIds, itemIds: events.itemIds, types: events.types, user, item, type, ts, value, text };
}
