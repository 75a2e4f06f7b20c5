import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';

const day = 86_400_000;
const end = Date.UTC(2026, 5, 30, 12);

/**
 * A purchase log (user, item, type, ts) whose churn truth is known: every user buys the same
 * way for 150 days; in the last 30 days a user buys again either at random (a coin flip that
 * nothing before the cut-off predicts) or, when `planted`, exactly when they bought often and
 * recently before it. Item choice is independent of everything (no structure to recommend).
 */
export async function writeChurnTruthLog(
  folder: string,
  options: { users: number; seed: number; planted: boolean },
): Promise<string> {
  const lines = ['user_id,item_id,type,ts'];
  const cutoff = end - 30 * day;
  for (let u = 0; u < options.users; u++) {
    const random = createSeededRandom(options.seed, u + 1);
    const loyal = random.chance(0.5);
    const count = options.planted
      ? loyal
        ? random.intBetween(8, 14)
        : random.intBetween(1, 3)
      : random.intBetween(3, 9);
    const lastActive = options.planted && !loyal ? cutoff - random.intBetween(40, 120) * day : cutoff;
    const times: number[] = [];
    for (let i = 0; i < count; i++) times.push(end - 180 * day + random.next() * (lastActive - (end - 180 * day)));
    const returns = options.planted ? loyal : random.chance(0.5);
    if (returns) for (let i = random.intBetween(1, 3); i > 0; i--) times.push(cutoff + random.next() * 29 * day);
    times.sort((a, b) => a - b);
    for (const time of times) {
      lines.push(
        `r${u},item${random.intBetween(1, 60)},${random.chance(0.6) ? 'view' : 'purchase'},${new Date(time).toISOString()}`,
      );
    }
  }
  // the dataset's last event, so the cut-off is the same for both logs
  lines.push(`r0,item1,view,${new Date(end).toISOString()}`);
  const file = path.join(folder, `churn-${options.planted ? 'planted' : 'random'}.csv`);
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}
