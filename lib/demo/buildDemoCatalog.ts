import { demoPersonas, type PersonaKey } from '@/lib/demo/demoPersonas';
import { type ProductKind, productKinds } from '@/lib/demo/productKinds';
import { createSeededRandom, type SeededRandom } from '@/lib/ml/runtime/seededRandom';

export interface DemoItem {
  id: string;
  title: string;
  categories: string;
  price: number;
  description: string;
  /** brand, or author for books */
  maker: string;
  kind: ProductKind;
  /** 0..1; poor items collect poor ratings */
  quality: number;
  /** indexes of the specific items bought together with this one */
  companions: number[];
}

/** A persona's share of the catalog, with popularity for drawing items. */
export interface PersonaShelf {
  items: Int32Array;
  /** cumulative popularity, last entry 1 */
  cumulative: Float64Array;
  /** item indexes per product kind of this persona */
  byKind: Int32Array[];
  /** the product kind behind each entry of byKind */
  kinds: ProductKind[];
  staples: Int32Array;
}

export interface DemoCatalog {
  items: DemoItem[];
  shelves: Record<PersonaKey, PersonaShelf>;
}

const brandsByPersona: Record<PersonaKey, string[]> = {
  bargain_hunter: ['ValueMax', 'EveryDay', 'BasicsPlus', 'PennyWise', 'HomeEase', 'QuickFix'],
  premium_electronics: ['Aurora', 'Kestrel', 'Lumina', 'Vantage', 'Solace', 'Helix'],
  new_parent: ['LittleSprout', 'Nestling', 'CuddleCo', 'Tiny Steps', 'Bramble Baby'],
  lapsed_customer: ['Ridgeline', 'Northtrail', 'Summit & Co', 'Greenfield', 'Trailhead'],
  avid_reviewer: ['Hearth & Oak', 'Copperline', 'Stillwater Home', 'Larkspur'],
  fashion_beauty: ['Maison Mirelle', 'Juniper & Rose', 'Velvet Lane', 'Glow Theory', 'Atelier Nine'],
};

const colorVariants = ['Black', 'White', 'Navy', 'Sand', 'Sage', 'Graphite', 'Rose', 'Silver', 'Olive', 'Cream'];
const packVariants = ['Value Pack', 'Bulk Pack', 'Twin Pack', 'Family Size', 'Trial Size', 'Subscribe Pack'];

/** Things that run out come in pack sizes, not colours. */
function variantsOf(kind: ProductKind): string[] {
  const consumable = kind.staple || /^(grocery|household|baby\|diapering|baby\|feeding)/.test(kind.categories);
  return consumable ? packVariants : colorVariants;
}

const bookWords = {
  adjectives: ['Quiet', 'Last', 'Hidden', 'Silver', 'Burning', 'Forgotten', 'Winter', 'Salt', 'Lantern', 'Paper'],
  nouns: ['Orchard', 'Lighthouse', 'Garden', 'River', 'Harbor', 'Letters', 'Daughters', 'Archive', 'Island', 'Road'],
  places: ['Wren Hall', 'Blackwater', 'the Marsh', 'Ashford', 'the Old Mill', 'Kingsbridge', 'Hollow Lane'],
  subjects: ['Salt', 'Empire', 'the Atlantic', 'the Printing Press', 'Coffee', 'the Silk Road', 'the Moon'],
  people: ['The Cartographer', 'The Engineer', 'The Botanist', 'The Codebreaker', 'The Architect'],
  cuisines: ['Mediterranean', 'Weeknight', 'Sunday', 'Vegetable', 'Baking', 'Slow Cooker', "Grandmother's"],
  firstNames: ['Eleanor', 'James', 'Mira', 'Thomas', 'Ana', 'Daniel', 'Ruth', 'Samuel', 'Lena', 'Oscar'],
  lastNames: ['Hart', 'Okafor', 'Lindqvist', 'Moreau', 'Chen', 'Alvarez', 'Brennan', 'Sato', 'Whitfield'],
};

function bookTitle(kind: ProductKind, random: SeededRandom): string {
  const w = bookWords;
  switch (kind.key) {
    case 'mystery':
      return random.chance(0.5)
        ? `Murder at ${random.pick(w.places)}`
        : `The ${random.pick(w.adjectives)} Witness: A Mystery`;
    case 'nonfiction':
      return random.chance(0.5) ? `A History of ${random.pick(w.subjects)}` : `${random.pick(w.people)}: A Biography`;
    case 'cookbook':
      return `${random.pick(w.cuisines)} Kitchen: Recipes for Every Day`;
    default:
      return random.chance(0.5)
        ? `The ${random.pick(w.adjectives)} ${random.pick(w.nouns)}`
        : `The ${random.pick(w.nouns)} of ${random.pick(w.places)}`;
  }
}

function listPrice(range: [number, number], random: SeededRandom): number {
  const raw = random.uniform(range[0], range[1]);
  return Math.max(1.99, Math.floor(raw) + 0.99);
}

function describeItem(kind: ProductKind, brandOrAuthor: string, random: SeededRandom): string {
  const [first, second] = random.shuffle([...kind.features]);
  if (kind.book) return `By ${brandOrAuthor}. ${first}. ${second}.`;
  const durable = kind.categories.startsWith('electronics') || kind.price[1] > 100;
  const closing = durable ? 'with a two-year warranty' : 'free returns within 30 days';
  return `${first}. ${second}. From ${brandOrAuthor}, ${closing}.`;
}

function makeItem(kind: ProductKind, serial: number, random: SeededRandom, taken: Set<string>): DemoItem {
  let title: string;
  let maker: string;
  if (kind.book) {
    maker = `${random.pick(bookWords.firstNames)} ${random.pick(bookWords.lastNames)}`;
    title = bookTitle(kind, random);
    for (let attempt = 0; taken.has(title) && attempt < 20; attempt++) title = bookTitle(kind, random);
    const base = title;
    for (let volume = 2; taken.has(title); volume++) title = `${base}, Book ${volume}`;
  } else {
    maker = random.pick(brandsByPersona[kind.persona]);
    title = `${maker} ${random.pick(kind.names)}`;
    const variants = variantsOf(kind);
    for (let attempt = 0; taken.has(title); attempt++) {
      title = `${maker} ${random.pick(kind.names)}, ${variants[(serial + attempt) % variants.length]}`;
      if (attempt > 20) title = `${maker} ${kind.names[0]}, Edition ${serial}`;
    }
  }
  taken.add(title);
  // a few duds, so some ratings and reviews are bad whatever the buyer
  const quality = random.chance(0.12) ? random.uniform(0, 0.3) : random.uniform(0.55, 1);
  return {
    id: `sku-${10001 + serial}`,
    title,
    categories: kind.categories,
    price: listPrice(kind.price, random),
    description: describeItem(kind, maker, random),
    maker,
    kind,
    quality,
    companions: [],
  };
}

/** How many catalog items to make for a shop of this many users (about 420 for 5,000). */
export function demoItemCount(users: number): number {
  return Math.min(3000, Math.max(120, Math.round(6 * Math.sqrt(users))));
}

/** Builds the shop's catalog: branded variants of every product kind, tied companions, popularity. */
export function buildDemoCatalog(seed: number, itemCount: number): DemoCatalog {
  const random = createSeededRandom(seed, 0x00ca7a10);
  const totalWeight = productKinds.reduce((sum, kind) => sum + (kind.weight ?? 1), 0);
  const items: DemoItem[] = [];
  const itemsOfKind = new Map<string, number[]>();
  const taken = new Set<string>();
  for (const kind of productKinds) {
    const count = Math.max(1, Math.round((itemCount * (kind.weight ?? 1)) / totalWeight));
    const indexes: number[] = [];
    for (let i = 0; i < count; i++) {
      indexes.push(items.length);
      items.push(makeItem(kind, items.length, random, taken));
    }
    itemsOfKind.set(kind.key, indexes);
  }

  for (const item of items) {
    for (const companionKind of item.kind.companions ?? []) {
      const candidates = itemsOfKind.get(companionKind) ?? [];
      // a camera's lens is most often from the camera's own brand, as in a real shop
      const sameMaker = candidates.filter((candidate) => items[candidate].maker === item.maker);
      const pool = sameMaker.length > 0 && random.chance(0.8) ? sameMaker : candidates;
      if (pool.length > 0) item.companions.push(random.pick(pool));
    }
  }

  const shelves = {} as Record<PersonaKey, PersonaShelf>;
  for (const persona of demoPersonas) {
    const kinds = productKinds.filter((kind) => kind.persona === persona.key);
    const shelfItems = kinds.flatMap((kind) => itemsOfKind.get(kind.key) ?? []);
    // Zipf-like popularity over a shuffled order: a few bestsellers and a long tail
    const ranks = random.shuffle(shelfItems.map((_, i) => i));
    const popularity = ranks.map((rank) => 1 / (rank + 2) ** 0.9);
    const total = popularity.reduce((a, b) => a + b, 0);
    const cumulative = new Float64Array(popularity.length);
    let running = 0;
    popularity.forEach((weight, i) => {
      running += weight / total;
      cumulative[i] = running;
    });
    cumulative[cumulative.length - 1] = 1;
    shelves[persona.key] = {
      items: Int32Array.from(shelfItems),
      cumulative,
      byKind: kinds.map((kind) => Int32Array.from(itemsOfKind.get(kind.key) ?? [])),
      kinds,
      staples: Int32Array.from(kinds.filter((kind) => kind.staple).flatMap((kind) => itemsOfKind.get(kind.key) ?? [])),
    };
  }
  return { items, shelves };
}
