import type { Persona } from '@/lib/runs/persona.types';
import type { PersonaInput } from './describeSegments';
import { round } from './round';

/**
 * Per segment, the items its users touch far more often than everyone else: lift of the share of
 * the segment's users with the item over the share of all users, above 1, with at least 3 users
 * (or 2% of the segment) so one odd user cannot top the list; the top 5 by lift.
 */
export function overIndexedItems(
  input: Pick<PersonaInput, 'events' | 'items' | 'labels' | 'k'>,
  sizes: Float64Array,
): Persona['topItems'][] {
  const { events, items, labels, k } = input;
  const itemCount = events.itemIds.length;
  const segmentUsers = new Float64Array(itemCount * k);
  const allUsers = new Float64Array(itemCount);
  const lastUser = new Int32Array(itemCount).fill(-1);
  for (let e = 0; e < events.item.length; e++) {
    const item = events.item[e];
    const u = events.user[e];
    if (item < 0 || lastUser[item] === u) continue;
    lastUser[item] = u;
    segmentUsers[item * k + labels[u]]++;
    allUsers[item]++;
  }
  const users = labels.length;
  return Array.from({ length: k }, (_, s) => {
    const minimumUsers = Math.max(3, Math.ceil(0.02 * sizes[s]));
    const candidates: Persona['topItems'] = [];
    for (let item = 0; item < itemCount; item++) {
      const count = segmentUsers[item * k + s];
      if (count < minimumUsers) continue;
      const lift = count / sizes[s] / (allUsers[item] / users);
      if (lift <= 1) continue;
      candidates.push({
        itemId: events.itemIds[item],
        title: items.titles[item] ?? null,
        lift: round(lift),
        users: count,
      });
    }
    return candidates.sort((a, b) => b.lift - a.lift || b.users - a.users).slice(0, 5);
  });
}
