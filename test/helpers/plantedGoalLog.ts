import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';

const day = 86_400_000;
const start = Date.UTC(2026, 0, 1);
/** the log spans 120 days; a 30-day goal's label window is the last 30 */
export const plantedGoalDays = 120;
const cutoffDay = plantedGoalDays - 30;
const categories = ['Books', 'Garden', 'Toys'];
const itemsPerCategory = 20;

/**
 * A shop log where the truth of two goals is known. Book readers (the first `readerShare` of users)
 * view many Books items before the cut-off and most of them buy a Books item over 20 in the last 30
 * days; the others browse Garden and Toys and rarely do. Every user "shares" in the last 30 days
 * with the same chance whatever they did before: a goal on sharing has nothing to learn from.
 */
export function plantedGoalLog(users: number, seed: number) {
  const random = createSeededRandom(seed);
  const items = categories.flatMap((category, c) =>
    Array.from({ length: itemsPerCategory }, (_, i) => ({ id: `i${c * itemsPerCategory + i}`, category })),
  );
  const pick = (category: string) => {
    const c = categories.indexOf(category);
    return items[c * itemsPerCategory + Math.floor(random.next() * itemsPerCategory)].id;
  };
  const rows: string[] = [];
  const event = (user: string, type: string, dayOffset: number, item: string, value = '') =>
    rows.push(`${user},${type},${new Date(start + dayOffset * day).toISOString()},${item},${value}`);
  const readers = new Set<string>();
  for (let u = 0; u < users; u++) {
    const user = `u${u}`;
    const reader = u < users * 0.4;
    if (reader) readers.add(user);
    const before = 6 + Math.floor(random.next() * 6);
    for (let k = 0; k < before; k++) {
      const category = reader ? (random.next() < 0.85 ? 'Books' : 'Garden') : random.next() < 0.5 ? 'Garden' : 'Toys';
      event(user, 'view', random.next() * cutoffDay, pick(category));
    }
    // zero to three purchases before the cut-off for everyone, in the categories each group browses
    const purchases = Math.floor(random.next() * 4);
    for (let k = 0; k < purchases; k++) {
      const category = reader ? 'Books' : random.next() < 0.5 ? 'Garden' : 'Toys';
      event(user, 'purchase', random.next() * cutoffDay, pick(category), (10 + random.next() * 30).toFixed(2));
    }
    // share before the cut-off too, at the same rate, so sharing before says nothing about after
    if (random.next() < 0.35) event(user, 'share', random.next() * cutoffDay, pick(categories[u % 3]));
    const after = cutoffDay + 0.5 + random.next() * 29;
    if (random.next() < (reader ? 0.8 : 0.05))
      event(user, 'purchase', after, pick('Books'), (25 + random.next() * 20).toFixed(2));
    else if (random.next() < 0.5)
      event(user, 'purchase', after, pick(reader ? 'Garden' : 'Toys'), (10 + random.next() * 30).toFixed(2));
    else event(user, 'view', after, pick(reader ? 'Books' : 'Toys'));
    if (random.next() < 0.35) event(user, 'share', cutoffDay + random.next() * 29.9, pick(categories[(u + 1) % 3]));
  }
  // the newest event fixes the cut-off at exactly day 90
  event('u0', 'view', plantedGoalDays, items[0].id);
  return { rows, items, readers };
}

/** The log as events and items CSV files, for import. */
export async function writePlantedGoalLog(
  folder: string,
  options: { users: number; seed: number },
): Promise<{ events: string; items: string; readers: Set<string> }> {
  const { rows, items, readers } = plantedGoalLog(options.users, options.seed);
  const events = path.join(folder, 'events.csv');
  const itemsFile = path.join(folder, 'items.csv');
  await writeFile(events, `user_id,type,ts,item_id,value\n${rows.join('\n')}\n`);
  await writeFile(
    itemsFile,
    `item_id,title,category\n${items.map((item) => `${item.id},${item.category} ${item.id},${item.category}`).join('\n')}\n`,
  );
  return { events, items: itemsFile, readers };
}
