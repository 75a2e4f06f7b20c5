import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { kmeans } from 'ml-kmeans';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPeriod } from '@/lib/demo/demoPeriod';
import { demoPersonas } from '@/lib/demo/demoPersonas';
import {
  demoEventColumns,
  demoItemColumns,
  demoUserColumns,
  type GeneratedDemo,
  generateDemo,
} from '@/lib/demo/generateDemo';

type Row = Record<string, string>;

const userCount = 2000;
const seed = 20251;
let root: string;
let demo: GeneratedDemo;
let events: Row[];
let items: Row[];
let users: Row[];
const headers: Record<string, string[]> = {};
const progress: [number, number][] = [];

async function readCsv(file: string): Promise<{ header: string[]; rows: Row[] }> {
  const text = await readFile(file, 'utf8');
  const header = (parse(text, { to_line: 1 }) as string[][])[0];
  const rows = parse(text, { columns: true, skip_empty_lines: true }) as Row[];
  return { header, rows };
}

const chinese = /[\u4e00-\u9fff]/;
const epoch = (iso: string) => Date.parse(iso);

function adjustedRandIndex(truth: string[], found: number[]): number {
  const table = new Map<string, number>();
  const rowSums = new Map<string, number>();
  const colSums = new Map<number, number>();
  truth.forEach((label, i) => {
    const key = `${label}\u0000${found[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    rowSums.set(label, (rowSums.get(label) ?? 0) + 1);
    colSums.set(found[i], (colSums.get(found[i]) ?? 0) + 1);
  });
  const pairs = (n: number) => (n * (n - 1)) / 2;
  const sum = (values: Iterable<number>) => [...values].reduce((total, n) => total + pairs(n), 0);
  const index = sum(table.values());
  const expected = (sum(rowSums.values()) * sum(colSums.values())) / pairs(truth.length);
  const maximum = (sum(rowSums.values()) + sum(colSums.values())) / 2;
  return (index - expected) / (maximum - expected);
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'portrait-demo-'));
  demo = await generateDemo({
    users: userCount,
    seed,
    outDir: path.join(root, 'a'),
    onProgress: (done, total) => progress.push([done, total]),
  });
  ({ rows: events, header: headers.events } = await readCsv(demo.files.events));
  ({ rows: items, header: headers.items } = await readCsv(demo.files.items));
  ({ rows: users, header: headers.users } = await readCsv(demo.files.users));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('generateDemo', () => {
  it('writes byte-identical files for the same seed and different files for another seed', async () => {
    const again = await generateDemo({ users: userCount, seed, outDir: path.join(root, 'b') });
    const other = await generateDemo({ users: userCount, seed: seed + 1, outDir: path.join(root, 'c') });
    for (const name of ['events', 'items', 'users'] as const) {
      const first = await readFile(demo.files[name]);
      expect((await readFile(again.files[name])).equals(first), `${name}.csv differs for the same seed`).toBe(true);
      expect((await readFile(other.files[name])).equals(first), `${name}.csv is the same for another seed`).toBe(false);
    }
    expect(again.counts).toEqual(demo.counts);
  });

  it('writes RFC 4180 files with the expected headers, CRLF line ends and counts that match the result', async () => {
    expect(headers.events).toEqual([...demoEventColumns]);
    expect(headers.items).toEqual([...demoItemColumns]);
    expect(headers.users).toEqual([...demoUserColumns]);
    expect((await readFile(demo.files.users, 'utf8')).startsWith(`${demoUserColumns.join(',')}\r\n`)).toBe(true);
    expect(users).toHaveLength(userCount);
    expect(items).toHaveLength(demo.counts.items);
    expect(events).toHaveLength(demo.counts.events);
    expect(demo.counts.items).toBeGreaterThanOrEqual(200);
    expect(demo.counts.items).toBeLessThanOrEqual(600);
    expect(events.length / userCount).toBeGreaterThan(15);
    expect(events.length / userCount).toBeLessThan(26);
    expect(progress.at(-1)).toEqual([userCount, userCount]);
  });

  it('gives every event a known type, user and item, a timestamp inside the year, in user then time order', () => {
    const userIds = new Set(users.map((user) => user.user_id));
    const itemIds = new Set(items.map((item) => item.item_id));
    const types = new Set(['view', 'search', 'cart', 'purchase', 'rate', 'review']);
    const problems: string[] = [];
    let previous = { user: '', ts: 0 };
    events.forEach((event, i) => {
      const ts = epoch(event.ts);
      const itemOk = event.type === 'search' ? event.item_id === '' : itemIds.has(event.item_id);
      const ordered = event.user_id === previous.user ? ts >= previous.ts : event.user_id > previous.user;
      if (
        !types.has(event.type) ||
        !userIds.has(event.user_id) ||
        !itemOk ||
        !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(event.ts) ||
        !(ts >= demoPeriod.start && ts < demoPeriod.end) ||
        !ordered
      ) {
        problems.push(`line ${i + 2}: ${JSON.stringify(event)}`);
      }
      previous = { user: event.user_id, ts };
    });
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('puts prices on purchases, ratings 1-5 on rate events, text on searches and reviews, and nothing elsewhere', () => {
    const ratings = new Set<string>();
    const problems: string[] = [];
    for (const event of events) {
      if (event.type === 'rate') ratings.add(event.value);
      const valueOk = event.type === 'purchase' ? Number(event.value) > 0 : event.type === 'rate' || event.value === '';
      const textOk = event.type === 'search' || event.type === 'review' ? event.text.length > 0 : event.text === '';
      if (!valueOk || !textOk) problems.push(JSON.stringify(event));
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect([...ratings].sort()).toEqual(['1', '2', '3', '4', '5']);
  });

  it('lists items with titles, descriptions, prices and several categories joined by |', () => {
    for (const item of items) {
      expect(item.title.length).toBeGreaterThan(5);
      expect(item.description.length).toBeGreaterThan(10);
      expect(Number(item.price)).toBeGreaterThan(0);
    }
    expect(items.some((item) => item.category.split('|').length >= 3)).toBe(true);
    expect(new Set(items.map((item) => item.title)).size).toBe(items.length);
    expect(items.some((item) => item.description.includes(','))).toBe(true);
  });

  it('has every persona, and blanks in each attribute for inference to fill', () => {
    const seen = new Set(users.map((user) => user.true_persona));
    expect([...seen].sort()).toEqual(demoPersonas.map((persona) => persona.key).sort());
    for (const column of ['age', 'gender', 'city', 'signup_channel']) {
      const blank = users.filter((user) => user[column] === '').length / users.length;
      expect(blank, column).toBeGreaterThan(0.07);
      expect(blank, column).toBeLessThan(0.22);
    }
  });

  it('ties attributes to personas: new parents are mostly 28-38, premium electronics buyers mostly men', () => {
    const ofPersona = (key: string) => users.filter((user) => user.true_persona === key);
    const parentAges = ofPersona('new_parent')
      .filter((user) => user.age !== '')
      .map((user) => Number(user.age));
    const inRange = parentAges.filter((age) => age >= 28 && age <= 38).length / parentAges.length;
    const allAges = users.filter((user) => user.age !== '').map((user) => Number(user.age));
    const baseline = allAges.filter((age) => age >= 28 && age <= 38).length / allAges.length;
    expect(inRange).toBeGreaterThan(0.6);
    expect(inRange).toBeGreaterThan(baseline + 0.25);
    const premium = ofPersona('premium_electronics').filter((user) => user.gender !== '');
    expect(premium.filter((user) => user.gender === 'male').length / premium.length).toBeGreaterThan(0.6);
  });

  it('writes some reviews in Chinese, and review sentiment follows the rating', () => {
    const reviews = events.filter((event) => event.type === 'review');
    const chineseShare = reviews.filter((event) => chinese.test(event.text)).length / reviews.length;
    expect(chineseShare).toBeGreaterThan(0.05);
    expect(chineseShare).toBeLessThan(0.3);

    // each review follows the rate event of the same user and item
    const positive = /(?<!not )(love|happy|wonderful|excellent|recommend)|很好|(?<!不)喜欢|满意/i;
    const negative = /disappoint|letdown|terrible|poor|refund|waste|returning|差|失望|退货/i;
    const tally = { high: { positive: 0, negative: 0 }, low: { positive: 0, negative: 0 } };
    events.forEach((event, i) => {
      if (event.type !== 'review') return;
      const rate = events[i - 1];
      expect(rate.type).toBe('rate');
      expect(rate.item_id).toBe(event.item_id);
      const bucket = Number(rate.value) >= 4 ? tally.high : Number(rate.value) <= 2 ? tally.low : null;
      if (!bucket) return;
      if (positive.test(event.text)) bucket.positive++;
      if (negative.test(event.text)) bucket.negative++;
    });
    expect(tally.high.positive).toBeGreaterThan(10 * tally.high.negative);
    expect(tally.low.negative).toBeGreaterThan(5 * tally.low.positive);
  });

  it('has avid reviewers write many long reviews', () => {
    const personaOf = new Map(users.map((user) => [user.user_id, user.true_persona]));
    const lengths = new Map<string, number[]>();
    for (const event of events) {
      if (event.type !== 'review') continue;
      const persona = personaOf.get(event.user_id) ?? '';
      lengths.set(persona, [...(lengths.get(persona) ?? []), event.text.length]);
    }
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const reviewers = lengths.get('avid_reviewer') ?? [];
    for (const [persona, values] of lengths) {
      if (persona === 'avid_reviewer') continue;
      expect(reviewers.length).toBeGreaterThan(2 * values.length);
      expect(mean(reviewers)).toBeGreaterThan(2 * mean(values));
    }
  });

  it('has lapsing customers fall silent in the last 30 days far more often than others', () => {
    const lastSeen = new Map<string, number>();
    for (const event of events) lastSeen.set(event.user_id, epoch(event.ts));
    const quietShare = (keep: (persona: string) => boolean) => {
      const group = users.filter((user) => keep(user.true_persona) && lastSeen.has(user.user_id));
      const quiet = group.filter((user) => (lastSeen.get(user.user_id) ?? 0) < demoPeriod.end - 30 * demoPeriod.day);
      return quiet.length / group.length;
    };
    const lapsed = quietShare((persona) => persona === 'lapsed_customer');
    const others = quietShare((persona) => persona !== 'lapsed_customer');
    expect(lapsed).toBeGreaterThan(0.85);
    expect(lapsed).toBeGreaterThan(others + 0.2);
  });

  it("plants a co-purchase: camera buyers mostly buy their camera's tied lens or card too", () => {
    const byTitle = new Map(items.map((item) => [item.item_id, item.title]));
    const basket = new Map<string, Set<string>>();
    for (const event of events) {
      if (event.type !== 'purchase') continue;
      const owned = basket.get(event.user_id) ?? new Set<string>();
      owned.add(event.item_id);
      basket.set(event.user_id, owned);
    }
    const cameraBuyers = [...basket.values()].filter((owned) =>
      [...owned].some((id) => /Camera (Body|Kit)$|Mirrorless Camera$/.test(byTitle.get(id) ?? '')),
    );
    const withAccessory = cameraBuyers.filter((owned) =>
      [...owned].some((id) => /Lens|SD Card|Memory Card/.test(byTitle.get(id) ?? '')),
    );
    const allBuyers = [...basket.values()];
    const accessoryBase =
      allBuyers.filter((owned) => [...owned].some((id) => /Lens|SD Card|Memory Card/.test(byTitle.get(id) ?? '')))
        .length / allBuyers.length;
    expect(cameraBuyers.length).toBeGreaterThan(10);
    expect(withAccessory.length / cameraBuyers.length).toBeGreaterThan(0.6);
    expect(withAccessory.length / cameraBuyers.length).toBeGreaterThan(5 * accessoryBase);
  });

  it('separates personas by behaviour alone: k-means on category, price, hour and event mix finds them (ARI >= 0.9)', () => {
    const categories = [...new Set(items.flatMap((item) => item.category.split('|')))];
    const itemById = new Map(items.map((item) => [item.item_id, item]));
    const types = ['view', 'search', 'cart', 'purchase', 'rate', 'review'];
    const width = categories.length + types.length + 4;
    const rowOf = new Map(users.map((user, i) => [user.user_id, i]));
    const raw = users.map(() => new Float64Array(width));
    const counts = new Float64Array(users.length);
    const priced = new Float64Array(users.length);
    for (const event of events) {
      const row = raw[rowOf.get(event.user_id) ?? 0];
      const i = rowOf.get(event.user_id) ?? 0;
      counts[i]++;
      row[categories.length + types.indexOf(event.type)]++;
      const date = new Date(event.ts);
      const angle = (2 * Math.PI * date.getUTCHours()) / 24;
      row[width - 4] += Math.cos(angle);
      row[width - 3] += Math.sin(angle);
      if ([0, 6].includes(date.getUTCDay())) row[width - 2]++;
      const item = itemById.get(event.item_id);
      if (!item) continue;
      for (const category of item.category.split('|')) row[categories.indexOf(category)]++;
      row[width - 1] += Math.log(Number(item.price));
      priced[i]++;
    }
    const kept = users.map((_, i) => i).filter((i) => counts[i] > 0 && priced[i] > 0);
    const features = kept.map((i) => {
      const row = raw[i];
      return Array.from(row, (value, column) => {
        if (column === width - 1) return value / priced[i];
        if (column < categories.length) return value / priced[i];
        return value / counts[i];
      });
    });
    for (let column = 0; column < width; column++) {
      const values = features.map((row) => row[column]);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const spread = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length) || 1;
      for (const row of features) row[column] = (row[column] - mean) / spread;
    }
    let best = { inertia: Number.POSITIVE_INFINITY, clusters: [] as number[] };
    for (const restart of [1, 2, 3, 4, 5]) {
      const result = kmeans(features, demoPersonas.length, { seed: restart, initialization: 'kmeans++' });
      const inertia = features.reduce(
        (total, row, i) =>
          total +
          row.reduce((sum, value, column) => sum + (value - result.centroids[result.clusters[i]][column]) ** 2, 0),
        0,
      );
      if (inertia < best.inertia) best = { inertia, clusters: result.clusters };
    }
    expect(kept.length).toBeGreaterThan(0.97 * users.length);
    const truth = kept.map((i) => users[i].true_persona);
    expect(adjustedRandIndex(truth, best.clusters)).toBeGreaterThan(0.9);
  });
});
