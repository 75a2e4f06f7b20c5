import type { Persona } from '@/lib/runs/persona.types';
import type { PersonaInput } from './describeSegments';
import { twoProportionTest } from './differenceTests';
import { round } from './round';

/** the least lift a description shows as over-represented: "1.0x" would read as no difference */
const minLift = 1.2;

/**
 * Per segment, the items its users touch far more often than everyone else: lift of the share of
 * the segment's users with the item over the share of all users, at least minLift, with at least
 * 3 users (or 2% of the segment) so one odd user cannot top the list, and the segment's share
 * above the other users' by a two-proportion test (p below alpha, Bonferroni-corrected over
 * every segment and item tested), as attribute values are; the top 5 by lift.
 */
export function overIndexedItems(
  input: Pick<PersonaInput, 'events' | 'items' | 'labels' | 'k'>,
  sizes: Float64Array,
  alpha = 0.01,
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
  const candidates = Array.from({ length: k }, (_, s) => {
    const minimumUsers = Math.max(3, Math.ceil(0.02 * sizes[s]));
    const found: { item: number; count: number; lift: number }[] = [];
    for (let item = 0; item < itemCount; item++) {
      const count = segmentUsers[item * k + s];
      if (count < minimumUsers) continue;
      const lift = count / sizes[s] / (allUsers[item] / users);
      if (lift >= minLift) found.push({ item, count, lift });
    }
    return found;
  });
  const comparisons = candidates.reduce((sum, found) => sum + found.length, 0);
  return candidates.map((found, s) =>
    found
      .filter(
        ({ item, count }) =>
          twoProportionTest(count, sizes[s], allUsers[item] - count, users - sizes[s]).p * comparisons < alpha,
      )
      .map(({ item, count, lift }) => ({
        itemId: events.itemIds[item],
        title: items.titles[item] ?? null,
        lift: round(lift),
        users: count,
      }))
      .sort((a, b) => b.lift - a.lift || b.users - a.users)
      .slice(0, 5),
  );
}
