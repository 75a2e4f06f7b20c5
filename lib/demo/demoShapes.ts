import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { CsvFileWriter } from '@/lib/demo/CsvFileWriter';
import { csvCell } from '@/lib/export/csvCell';
import { createSeededRandom, type SeededRandom } from '@/lib/ml/runtime/seededRandom';

/**
 * Data shapes that real logs have and the demo shop does not: each one is a small data set that
 * some stage of training cannot use, so a run must skip that stage and say why.
 */
export const demoShapes = [
  'no-items',
  'no-text',
  'one-type',
  'one-event-per-user',
  'few-users',
  'single-day',
  'date-only',
  'hostile-text',
] as const;
export type DemoShape = (typeof demoShapes)[number];

export const demoShapeDescriptions: Record<DemoShape, string> = {
  'no-items': 'a purchase log without item ids: customer, date and amount (the RFM shape)',
  'no-text': 'views, carts and purchases of items, no text column',
  'one-type': 'purchases of items and nothing else',
  'one-event-per-user': 'one review (item, star rating, text) per user',
  'few-users': '40 users with views, carts, purchases and reviews',
  'single-day': 'every event on the same day',
  'date-only': 'timestamps without a time of day (YYYY-MM-DD), views and purchases',
  'hostile-text':
    'reviews with text tokenizers mishandle: contractions without apostrophes, emoji, HTML, URLs, control characters, mixed scripts, a 100,000-character review',
};

export interface GenerateShapeOptions {
  shape: DemoShape;
  /** default 150 (40 for few-users) */
  users?: number;
  seed: number;
  outDir: string;
}

export interface GeneratedShape {
  files: { events: string; items?: string };
  counts: { users: number; items: number; events: number };
}

/** Texts that broke or could break a tokenizer; written into the hostile-text shape's reviews. */
export const hostileTexts: readonly string[] = [
  'doesnt.',
  'isnt.',
  'wont.',
  'cant!! didnt? shouldnt,',
  '',
  '   ',
  '😀🔥👍🏽👨‍👩‍👧 love it 💯',
  '<p>Great <b>item</b><br/>would buy</p><script>alert("x")</script>',
  'see https://example.com/p?id=12&ref=a#top or www.example.org',
  'bell\u0007 escape\u001b[31m red\u001b[0m tab\tvertical\u000bform\u000c',
  'good 很好 хорошо جيد とても良い 좋아요',
  '\u200f\u202eright to left\u202c zero\u200bwidth joiner\u200d',
  '...!!!???',
  'a',
  '1234567890',
  '蒙牛牛奶很好喝',
  'İstanbul ǅemal ﬁne Straße',
  'x'.repeat(100_000),
  `${'great product, '.repeat(6000)}end`,
];

const categories = ['dairy', 'garden', 'books'] as const;
const itemsPerCategory = 12;
const reviewWords: Record<(typeof categories)[number], string[]> = {
  dairy: ['fresh milk', 'creamy yogurt', 'cheese was tasty', 'butter melted nicely'],
  garden: ['sturdy shovel', 'seeds sprouted fast', 'hose leaks a little', 'great for the lawn'],
  books: ['gripping plot', 'slow first chapter', 'lovely illustrations', 'read it twice'],
};
const day = 86_400_000;
const windowEnd = Date.UTC(2026, 5, 30, 18, 0, 0);

interface ShapePlan {
  items: boolean;
  text: boolean;
  types: string[];
  /** events per user: [min, max] */
  events: [number, number];
  days: number;
  dateOnly: boolean;
  hostile: boolean;
}

function planFor(shape: DemoShape): ShapePlan {
  const base: ShapePlan = {
    items: true,
    text: true,
    types: ['view', 'view', 'view', 'cart', 'purchase', 'review'],
    events: [4, 14],
    days: 180,
    dateOnly: false,
    hostile: false,
  };
  switch (shape) {
    case 'no-items':
      return { ...base, items: false, text: false, types: ['purchase'], events: [1, 9] };
    case 'no-text':
      return { ...base, text: false, types: ['view', 'view', 'cart', 'purchase'] };
    case 'one-type':
      return { ...base, text: false, types: ['purchase'] };
    case 'one-event-per-user':
      return { ...base, types: ['review'], events: [1, 1] };
    case 'few-users':
      return base;
    case 'single-day':
      return { ...base, days: 1 };
    case 'date-only':
      return { ...base, text: false, types: ['view', 'view', 'purchase'], dateOnly: true };
    case 'hostile-text':
      return { ...base, hostile: true };
  }
}

function isoTime(ms: number, dateOnly: boolean): string {
  const iso = new Date(ms).toISOString();
  return dateOnly ? iso.slice(0, 10) : `${iso.slice(0, 19)}Z`;
}

function itemId(category: number, index: number): string {
  return `${categories[category]}-${String(index + 1).padStart(2, '0')}`;
}

function reviewText(random: SeededRandom, category: number, plan: ShapePlan, userIndex: number): string {
  if (plan.hostile && (userIndex % 3 === 0 || random.chance(0.3))) return random.pick(hostileTexts);
  return `${random.pick(reviewWords[categories[category]])}, ${random.pick(['love it', 'okay', 'would not buy again', 'good value'])}`;
}

/**
 * Writes events.csv (and items.csv when the shape has items) for one data shape: users fall
 * into three planted groups, each preferring one category of items and buying at its own pace,
 * so the stages that can run on the shape have something to find. The same seed writes the same
 * files.
 */
export async function generateShapeDemo(options: GenerateShapeOptions): Promise<GeneratedShape> {
  const plan = planFor(options.shape);
  const users =
    options.users ?? (options.shape === 'few-users' ? 40 : options.shape === 'one-event-per-user' ? 250 : 150);
  if (!Number.isInteger(users) || users < 1) throw new Error(`users must be a positive integer, got ${users}`);
  await mkdir(options.outDir, { recursive: true });
  const eventsPath = path.join(options.outDir, 'events.csv');
  const itemsPath = path.join(options.outDir, 'items.csv');
  const columns = [
    'user_id',
    ...(plan.items ? ['item_id'] : []),
    'type',
    'ts',
    'value',
    ...(plan.text ? ['text'] : []),
  ];
  const events = CsvFileWriter.open(eventsPath, columns);
  let eventCount = 0;
  try {
    if (plan.items) {
      const items = CsvFileWriter.open(itemsPath, ['item_id', 'title', 'category', 'price']);
      for (let c = 0; c < categories.length; c++) {
        for (let i = 0; i < itemsPerCategory; i++) {
          items.writeLine(
            `${itemId(c, i)},${categories[c]} item ${i + 1},${categories[c]},${(5 + i * 1.5).toFixed(2)}`,
          );
        }
      }
      await items.close();
    }
    const start = windowEnd - plan.days * day;
    for (let u = 0; u < users; u++) {
      const random = createSeededRandom(options.seed, u + 1);
      const group = u % categories.length;
      const count = random.intBetween(plan.events[0], plan.events[1]) + (plan.events[1] > 1 ? group * 2 : 0);
      // group 0 stays active to the end, group 1 lapsed a third of the way back, group 2 spreads out
      const activeUntil = group === 1 && plan.days > 1 ? windowEnd - (plan.days / 3) * day : windowEnd;
      const times = Array.from({ length: count }, () => start + random.next() * (activeUntil - start)).sort(
        (a, b) => a - b,
      );
      for (const time of times) {
        const type = random.pick(plan.types);
        const category = random.chance(0.8) ? group : random.intBetween(0, categories.length - 1);
        const fields = [`c${String(u + 1).padStart(5, '0')}`];
        if (plan.items)
          fields.push(
            itemId(category, Math.min(itemsPerCategory - 1, Math.floor(random.next() ** 2 * itemsPerCategory))),
          );
        fields.push(type, isoTime(time, plan.dateOnly));
        const value =
          type === 'purchase'
            ? (10 + group * 15 + random.next() * 20).toFixed(2)
            : type === 'review'
              ? String(random.intBetween(1, 5))
              : '';
        fields.push(value);
        if (plan.text) fields.push(type === 'review' ? csvCell(reviewText(random, category, plan, u)) : '');
        events.writeLine(fields.join(','));
        eventCount++;
      }
      if (events.wantsFlush) await events.flush();
    }
    await events.close();
  } catch (error) {
    events.abort();
    throw error;
  }
  return {
    files: { events: eventsPath, ...(plan.items ? { items: itemsPath } : {}) },
    counts: { users, items: plan.items ? categories.length * itemsPerCategory : 0, events: eventCount },
  };
}
