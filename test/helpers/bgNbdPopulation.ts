import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createSeededRandom, type SeededRandom } from '@/lib/ml/runtime/seededRandom';
import type { EventTable } from '@/lib/ml/types';

const day = 86_400_000;
const start = Date.UTC(2024, 5, 1);
/** days the population is observed for */
export const bgNbdPopulationDays = 720;

function gamma(random: SeededRandom, shape: number, rate: number): number {
  if (shape < 1) return gamma(random, shape + 1, rate) * random.next() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = random.normal();
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = random.next();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

/** The planted parameters, in days and in the unit of the purchase values. */
export const plantedBgNbd = { r: 4, alpha: 300, a: 1, b: 30, gammaGamma: { p: 6, q: 4, gamma: 15 } };

/**
 * A BG/NBD population with known parameters over 720 days: customers join in the first 360, buy
 * at rate λ ~ Gamma(r = 4, α = 300) a day while alive (one purchase in 75 days on average, so 90
 * days hold a Poisson handful of a customer's purchases and the last 90 days say little of λ),
 * and drop out after each repeat purchase with p ~ Beta(1, 30). Each purchase costs Gamma(6, ν)
 * with ν ~ Gamma(4, 15) (a mean of 6 · 15 / 3 = 30). Every user also views now and then, whether
 * or not still buying. Purchases carry no value when `withValues` is false.
 */
export function simulateBgNbdPopulation(users: number, seed: number, withValues = true): EventTable {
  const random = createSeededRandom(seed);
  const rows: { user: number; type: number; ts: number; value: number }[] = [];
  for (let u = 0; u < users; u++) {
    const lambda = gamma(random, plantedBgNbd.r, plantedBgNbd.alpha);
    const x = gamma(random, plantedBgNbd.a, 1);
    const p = x / (x + gamma(random, plantedBgNbd.b, 1));
    const nu = gamma(random, plantedBgNbd.gammaGamma.q, plantedBgNbd.gammaGamma.gamma);
    let t = random.next() * 360;
    for (let purchase = 0; ; purchase++) {
      const value = withValues ? gamma(random, plantedBgNbd.gammaGamma.p, nu) : Number.NaN;
      rows.push({ user: u, type: 1, ts: start + t * day, value });
      // as in the model, a customer can drop out after a repeat purchase, not after the first
      if (purchase > 0 && random.next() < p) break;
      t += -Math.log(1 - random.next()) / lambda;
      if (t >= bgNbdPopulationDays) break;
    }
    for (let v = 0; v < 3; v++) {
      rows.push({ user: u, type: 0, ts: start + random.next() * bgNbdPopulationDays * day, value: Number.NaN });
    }
  }
  rows.sort((a, b) => a.user - b.user || a.ts - b.ts);
  return {
    userIds: Array.from({ length: users }, (_, u) => `u${u}`),
    itemIds: [],
    types: ['view', 'purchase'],
    user: Int32Array.from(rows, (r) => r.user),
    item: new Int32Array(rows.length).fill(-1),
    type: Int32Array.from(rows, (r) => r.type),
    ts: Float64Array.from(rows, (r) => r.ts),
    value: Float64Array.from(rows, (r) => r.value),
    text: rows.map(() => null),
  };
}

/** The same population as an events CSV (user_id, type, ts, value), for import. */
export async function writeBgNbdLog(folder: string, options: { users: number; seed: number }): Promise<string> {
  const events = simulateBgNbdPopulation(options.users, options.seed);
  const lines = ['user_id,type,ts,value'];
  for (let e = 0; e < events.ts.length; e++) {
    const value = Number.isFinite(events.value[e]) ? events.value[e].toFixed(2) : '';
    lines.push(
      `${events.userIds[events.user[e]]},${events.types[events.type[e]]},${new Date(events.ts[e]).toISOString()},${value}`,
    );
  }
  const file = path.join(folder, 'bg-nbd-population.csv');
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}
