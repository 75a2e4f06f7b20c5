import type { DemoCatalog, DemoItem, PersonaShelf } from '@/lib/demo/buildDemoCatalog';
import { demoPeriod } from '@/lib/demo/demoPeriod';
import { type DemoPersona, demoCities, demoPersonas } from '@/lib/demo/demoPersonas';
import type { ProductKind } from '@/lib/demo/productKinds';
import { type ReviewLanguage, writeReviewText } from '@/lib/demo/writeReviewText';
import { csvCell } from '@/lib/export/csvCell';
import { createSeededRandom, type SeededRandom } from '@/lib/ml/runtime/seededRandom';

export interface SimulatedUser {
  /** the users.csv line, fields escaped */
  line: string;
  persona: DemoPersona;
  events: number;
}

const { day } = demoPeriod;
const hour = 3_600_000;
const cityNames = Object.keys(demoCities);
const personaShares = demoPersonas.map((persona) => persona.share);
const missingShare = { age: 0.14, gender: 0.12, city: 0.1, channel: 0.18 };
/** share of attribute values drawn from the whole population instead of the persona */
const attributeNoise = 0.2;
const chineseWriterShare = 0.15;

function logNormal(random: SeededRandom, mean: number, sigma: number): number {
  return Math.exp(Math.log(mean) - (sigma * sigma) / 2 + sigma * random.normal());
}

function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

function drawFromShelf(shelf: PersonaShelf, random: SeededRandom): number {
  const target = random.next();
  const { cumulative } = shelf;
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (cumulative[middle] < target) low = middle + 1;
    else high = middle;
  }
  return shelf.items[low];
}

function userAttributes(persona: DemoPersona, random: SeededRandom) {
  const traits = persona.attributes;
  const generic = () => random.chance(attributeNoise);

  const age = generic()
    ? Math.round(18 + 57 * random.next() ** 1.3)
    : Math.round(Math.min(85, Math.max(18, traits.ageMean + traits.ageSpread * random.normal())));
  const femaleShare = generic() ? 0.5 : traits.femaleShare;
  const gender = random.chance(0.02) ? 'nonbinary' : random.chance(femaleShare) ? 'female' : 'male';
  const cityWeights = generic()
    ? cityNames.map((city) => demoCities[city])
    : cityNames.map((city) => demoCities[city] * (traits.cityBoost[city] ?? 1));
  const city = cityNames[random.weightedIndex(cityWeights)];
  const channels = Object.keys(traits.channelWeights);
  const channel = generic()
    ? random.pick(channels)
    : channels[random.weightedIndex(channels.map((name) => traits.channelWeights[name]))];

  return {
    trueGender: gender,
    age: random.chance(missingShare.age) ? '' : String(age),
    gender: random.chance(missingShare.gender) ? '' : gender,
    city: random.chance(missingShare.city) ? '' : csvCell(city),
    channel: random.chance(missingShare.channel) ? '' : channel,
  };
}

interface ActiveWindow {
  first: number;
  last: number;
  churned: boolean;
}

/**
 * When the user is around. Lapsing personas leave early in the year; anyone else leaves with a
 * chance that grows with dissatisfaction, somewhere in the months before the final 30 days.
 */
function activeWindow(persona: DemoPersona, satisfaction: number, random: SeededRandom): ActiveWindow {
  const { start, end } = demoPeriod;
  if (persona.lapsesEarly) {
    const first = start + random.uniform(0, 20) * day;
    if (!random.chance(persona.baseChurn)) return { first, last: end - 3 * hour, churned: false };
    return { first, last: start + random.uniform(50, 200) * day, churned: true };
  }
  let first = random.chance(0.7) ? start : start + random.uniform(0, 300) * day;
  const churnChance = persona.baseChurn + 0.9 * (1 - satisfaction) ** 1.5;
  if (!random.chance(churnChance)) return { first, last: end - 3 * hour, churned: false };
  const last = end - (31 + Math.min(200, -45 * Math.log(1 - random.next()))) * day;
  if (last - first < 30 * day) first = Math.max(start, last - random.uniform(30, 90) * day);
  return { first, last, churned: true };
}

function hourOfDay(persona: DemoPersona, random: SeededRandom): number {
  return random.weightedIndex(persona.hourWeights);
}

function weekday(dayNumber: number): number {
  // day 0 of the epoch was a Thursday; 0 = Sunday
  return (dayNumber + 4) % 7;
}

/** Relative traffic per month, January first: the holiday season is busy. */
const monthWeights = [1, 0.85, 0.9, 0.9, 0.95, 0.95, 0.9, 0.95, 1, 1.05, 1.4, 1.7];
const heaviestMonth = Math.max(...monthWeights);

function monthOf(dayNumber: number): number {
  return new Date(dayNumber * day).getUTCMonth();
}

/**
 * Session start times in order, on the persona's days and hours. Routine shoppers come back on
 * their own weekday, week after week, up to the end of their time with the shop; others follow
 * the season, and a churner's visits thin out before they stop.
 */
function sessionStarts(persona: DemoPersona, window: ActiveWindow, count: number, random: SeededRandom): number[] {
  const firstDay = Math.ceil(window.first / day);
  const lastDay = Math.floor(window.last / day);
  const span = Math.max(1, lastDay - firstDay);
  const days: number[] = [];
  if (persona.weeklyRoutine) {
    const routineDay = random.weightedIndex(persona.weekdayWeights);
    let dayNumber = lastDay - ((weekday(lastDay) - routineDay + 7) % 7);
    while (days.length < count && dayNumber >= firstDay) {
      if (random.chance(0.8)) days.push(random.chance(0.1) ? dayNumber + random.pick([-1, 1]) : dayNumber);
      dayNumber -= 7;
    }
  } else {
    while (days.length < count) {
      const u = window.churned ? random.next() ** 1.8 : random.next();
      let dayNumber = firstDay + Math.floor(u * span);
      if (!window.churned && !random.chance(monthWeights[monthOf(dayNumber)] / heaviestMonth)) continue;
      if (random.chance(0.75)) {
        const wanted = random.weightedIndex(persona.weekdayWeights);
        dayNumber += wanted - weekday(dayNumber);
      }
      days.push(dayNumber);
    }
  }
  return days
    .map((dayNumber) => {
      const clamped = Math.min(lastDay, Math.max(firstDay, dayNumber));
      return clamped * day + hourOfDay(persona, random) * hour + random.intBetween(0, 3599) * 1000;
    })
    .sort((a, b) => a - b);
}

interface Purchase {
  item: number;
  at: number;
}

/**
 * One simulated customer: attributes, then sessions of searches, views, carts and purchases,
 * with ratings and reviews of earlier purchases at the start of later sessions. Event lines go to
 * `emit` in time order. Each user draws from its own random stream, so users are independent.
 */
export function simulateDemoUser(
  seed: number,
  userIndex: number,
  userId: string,
  catalog: DemoCatalog,
  emit: (line: string) => void,
): SimulatedUser {
  const random = createSeededRandom(seed, userIndex + 1);
  const persona = demoPersonas[random.weightedIndex(personaShares)];
  const attributes = userAttributes(persona, random);
  const language: ReviewLanguage = random.chance(chineseWriterShare) ? 'zh' : 'en';
  // skewed towards content: most customers are fine, a minority is unhappy (and more likely to leave)
  const satisfaction = random.next() ** 0.45;
  const window = activeWindow(persona, satisfaction, random);

  const shelf = catalog.shelves[persona.key];
  const otherPersonas = demoPersonas.filter((other) => other !== persona);
  const secondShelf = catalog.shelves[random.pick(otherPersonas).key];
  const mixShare = random.chance(0.3) ? random.uniform(0.04, 0.15) : random.uniform(0, 0.03);
  // favourites follow gender where a kind has an audience; a shopper still browses everything else
  const suitsUser = (kind: ProductKind) => !kind.audience || kind.audience === attributes.trueGender;
  const suitableKinds = shelf.byKind.filter((items, k) => items.length > 0 && suitsUser(shelf.kinds[k]));
  const favouriteKinds = [random.pick(suitableKinds), random.pick(suitableKinds)];
  const staples =
    shelf.staples.length > 0 && persona.stapleProbability > 0
      ? [
          shelf.staples[random.intBetween(0, shelf.staples.length - 1)],
          shelf.staples[random.intBetween(0, shelf.staples.length - 1)],
        ]
      : [];
  const items = catalog.items;
  const recent: number[] = [];

  const drawItem = (): number => {
    const roll = random.next();
    if (roll < mixShare) return drawFromShelf(secondShelf, random);
    if (recent.length > 0 && roll < mixShare + 0.12) return random.pick(recent);
    if (roll < mixShare + 0.45) {
      const kindItems = random.pick(favouriteKinds);
      return kindItems[random.intBetween(0, kindItems.length - 1)];
    }
    const itemIndex = drawFromShelf(shelf, random);
    return suitsUser(items[itemIndex].kind) || random.chance(0.25) ? itemIndex : drawFromShelf(shelf, random);
  };

  let events = 0;
  let clock = 0;
  const line = (item: DemoItem | null, type: string, value: string, text: string) => {
    emit(`${userId},${item ? item.id : ''},${type},${isoSeconds(clock)},${value},${text}`);
    events++;
  };
  const step = (minSeconds: number, maxSeconds: number) => {
    clock += random.intBetween(minSeconds, maxSeconds) * 1000;
  };
  const buy = (itemIndex: number, pending: Purchase[]) => {
    const item = items[itemIndex];
    const paid = item.price * random.uniform(persona.pricePaidShare[0], persona.pricePaidShare[1]);
    step(30, 240);
    line(item, 'purchase', paid.toFixed(2), '');
    pending.push({ item: itemIndex, at: clock });
  };

  const sessionCount = Math.max(1, Math.round(logNormal(random, persona.meanEvents / persona.eventsPerSession, 0.9)));
  const starts = sessionStarts(persona, window, sessionCount, random);
  const pending: Purchase[] = [];
  const buyChance = persona.buyProbability * (0.55 + 0.45 * satisfaction);
  let previousEnd = Number.NEGATIVE_INFINITY;

  for (const start of starts) {
    clock = Math.max(start, previousEnd + 30 * 60_000);
    if (clock > window.last) break;

    // feedback on earlier purchases, once each, when the user comes back
    for (let i = 0; i < pending.length; ) {
      const purchase = pending[i];
      if (clock - purchase.at < 2 * day) {
        i++;
        continue;
      }
      pending.splice(i, 1);
      // unhappy customers are the likelier to say so
      if (!random.chance(persona.rateProbability * (1.6 - 0.8 * satisfaction))) continue;
      const item = items[purchase.item];
      const leaning = 0.65 * satisfaction + 0.35 * item.quality;
      const rating = Math.min(5, Math.max(1, Math.round(1 + 4 * leaning + 0.7 * random.normal())));
      step(5, 60);
      line(item, 'rate', String(rating), '');
      if (random.chance(persona.reviewProbability)) {
        const [fewest, most] = persona.reviewSentences;
        const reviewLanguage = language === 'zh' && random.chance(0.9) ? 'zh' : 'en';
        const text = writeReviewText(random, item.kind, rating, reviewLanguage, random.intBetween(fewest, most));
        step(40, 400);
        line(item, 'review', '', csvCell(text));
      }
    }

    // many visits are a quick look at one product; they keep regulars visible between orders
    const quickLook = !persona.weeklyRoutine && random.chance(0.4);
    const searches = random.poisson(quickLook ? persona.searchesPerSession / 2 : persona.searchesPerSession);
    for (let i = 0; i < searches; i++) {
      step(3, 40);
      line(null, 'search', '', csvCell(random.pick(persona.queries)));
    }

    const carted: number[] = [];
    const views = quickLook ? 1 : 1 + random.poisson(persona.extraViewsPerSession);
    for (let i = 0; i < views; i++) {
      const itemIndex = drawItem();
      step(8, 150);
      line(items[itemIndex], 'view', '', '');
      recent.push(itemIndex);
      if (recent.length > 8) recent.shift();
      if (!quickLook && random.chance(persona.cartProbability)) {
        step(10, 90);
        line(items[itemIndex], 'cart', '', '');
        carted.push(itemIndex);
      }
    }

    const restocked: number[] = [];
    for (const staple of staples) {
      if (quickLook || !random.chance(persona.stapleProbability) || restocked.includes(staple)) continue;
      step(5, 40);
      line(items[staple], 'cart', '', '');
      restocked.push(staple);
    }

    for (const itemIndex of carted) {
      if (!random.chance(buyChance)) continue;
      buy(itemIndex, pending);
      for (const companion of items[itemIndex].companions) {
        if (!random.chance(persona.companionProbability)) continue;
        step(10, 90);
        line(items[companion], 'view', '', '');
        step(10, 60);
        line(items[companion], 'cart', '', '');
        buy(companion, pending);
      }
    }
    for (const staple of restocked) buy(staple, pending);
    previousEnd = clock;
  }

  const { age, gender, city, channel } = attributes;
  return { line: `${userId},${age},${gender},${city},${persona.key},${channel}`, persona, events };
}
