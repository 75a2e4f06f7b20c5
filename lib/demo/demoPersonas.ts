/** The planted personas of the demo shop, and how each one behaves. */

export type PersonaKey =
  | 'bargain_hunter'
  | 'premium_electronics'
  | 'new_parent'
  | 'lapsed_customer'
  | 'avid_reviewer'
  | 'fashion_beauty';

export interface DemoPersona {
  key: PersonaKey;
  /** share of users */
  share: number;
  /** mean of the per-user event count (log-normal, so a long tail of light users) */
  meanEvents: number;
  /** measured mean events a session yields; turns a user's event budget into sessions */
  eventsPerSession: number;
  /** relative weight of each hour of the day (shop time, written as UTC) */
  hourWeights: number[];
  /** relative weight of each weekday, Sunday first */
  weekdayWeights: number[];
  /** sessions land on the user's own weekday, spread evenly over the weeks */
  weeklyRoutine: boolean;
  searchesPerSession: number;
  /** mean extra views after the first */
  extraViewsPerSession: number;
  cartProbability: number;
  /** chance a carted item is bought in the session */
  buyProbability: number;
  /** chance a buyer of an item with a companion (camera -> lens) buys the companion too */
  companionProbability: number;
  /** chance per session to rebuy each of the user's staples (diapers, serum) */
  stapleProbability: number;
  /** chance a bought item is rated in a later session */
  rateProbability: number;
  /** chance a rated item also gets a written review */
  reviewProbability: number;
  reviewSentences: [number, number];
  /** price paid as a share of the list price */
  pricePaidShare: [number, number];
  /** churn chance of a fully satisfied user; dissatisfaction adds to it */
  baseChurn: number;
  /** active early in the year, then gone */
  lapsesEarly: boolean;
  queries: string[];
  attributes: {
    ageMean: number;
    ageSpread: number;
    femaleShare: number;
    /** multipliers on the base city weights */
    cityBoost: Record<string, number>;
    channelWeights: Record<string, number>;
  };
}

/** Builds 24 hour weights: a low floor while awake, a lower one at night, and peaks. */
function hours(peaks: [from: number, to: number, weight: number][], nightFloor = 0.02): number[] {
  const weights = Array.from({ length: 24 }, (_, hour) => (hour >= 7 && hour <= 22 ? 0.06 : nightFloor));
  for (const [from, to, weight] of peaks) {
    for (let hour = from; hour !== (to + 1) % 24; hour = (hour + 1) % 24) weights[hour] += weight;
  }
  return weights;
}

export const demoPersonas: DemoPersona[] = [
  {
    key: 'bargain_hunter',
    share: 0.22,
    meanEvents: 28,
    eventsPerSession: 3.65,
    hourWeights: hours([[22, 2, 1]], 0.05),
    weekdayWeights: [3, 0.8, 0.8, 0.8, 0.8, 1.2, 3],
    weeklyRoutine: false,
    searchesPerSession: 1.2,
    extraViewsPerSession: 2.5,
    cartProbability: 0.14,
    buyProbability: 0.55,
    companionProbability: 0.1,
    stapleProbability: 0,
    rateProbability: 0.15,
    reviewProbability: 0.3,
    reviewSentences: [1, 2],
    pricePaidShare: [0.55, 0.9],
    baseChurn: 0.06,
    lapsesEarly: false,
    queries: [
      'sale',
      'discount',
      'clearance',
      'deals under 10',
      'coupon',
      'cheap phone case',
      'sale cleaning supplies',
      'discount earbuds',
      'cheap storage bins',
      'buy one get one',
      'free shipping deals',
      'sale socks',
    ],
    attributes: {
      ageMean: 27,
      ageSpread: 8,
      femaleShare: 0.52,
      cityBoost: { Houston: 2.2, Phoenix: 2.2, Columbus: 2.5, Detroit: 2.5 },
      channelWeights: { coupon_site: 5, social: 3, search: 1, referral: 0.5, email: 0.5 },
    },
  },
  {
    key: 'premium_electronics',
    share: 0.12,
    meanEvents: 12,
    eventsPerSession: 3.65,
    hourWeights: hours([
      [19, 22, 1],
      [12, 13, 0.25],
    ]),
    weekdayWeights: [0.7, 1.2, 1.2, 1.2, 1.2, 1, 0.7],
    weeklyRoutine: false,
    searchesPerSession: 0.6,
    extraViewsPerSession: 1.0,
    cartProbability: 0.45,
    buyProbability: 0.8,
    companionProbability: 0.7,
    stapleProbability: 0,
    rateProbability: 0.3,
    reviewProbability: 0.35,
    reviewSentences: [1, 3],
    pricePaidShare: [1, 1],
    baseChurn: 0.05,
    lapsesEarly: false,
    queries: [
      'mirrorless camera',
      'noise cancelling headphones',
      '4k oled monitor',
      'best laptop for photo editing',
      'camera lens 50mm',
      'hi-res audio dac',
      'bookshelf speakers',
      'mechanical keyboard',
      'titanium smartwatch',
      'drone 4k camera',
    ],
    attributes: {
      ageMean: 37,
      ageSpread: 8,
      femaleShare: 0.2,
      cityBoost: { 'San Francisco': 3.5, Seattle: 3, Austin: 2.2, Boston: 1.8 },
      channelWeights: { search: 4, direct: 3, referral: 1, social: 0.5, email: 0.7 },
    },
  },
  {
    key: 'new_parent',
    share: 0.16,
    meanEvents: 22,
    eventsPerSession: 5.9,
    hourWeights: hours([[6, 9, 1]]),
    weekdayWeights: [1, 1, 1, 1, 1, 1, 1],
    weeklyRoutine: true,
    searchesPerSession: 0.3,
    extraViewsPerSession: 0.8,
    cartProbability: 0.3,
    buyProbability: 0.85,
    companionProbability: 0.5,
    stapleProbability: 0.65,
    rateProbability: 0.2,
    reviewProbability: 0.35,
    reviewSentences: [1, 3],
    pricePaidShare: [0.95, 1],
    baseChurn: 0.05,
    lapsesEarly: false,
    queries: [
      'diapers size 3',
      'sensitive baby wipes',
      'baby monitor',
      'stroller',
      'crib mattress',
      'teething toys',
      'baby formula',
      'swaddle blankets',
      'play mat',
    ],
    attributes: {
      ageMean: 33,
      ageSpread: 3.5,
      femaleShare: 0.66,
      cityBoost: { Denver: 2.2, Charlotte: 2.5, Minneapolis: 2.2, Raleigh: 2.8 },
      channelWeights: { referral: 4, email: 2, search: 2, social: 1, direct: 1 },
    },
  },
  {
    key: 'lapsed_customer',
    share: 0.16,
    meanEvents: 12,
    eventsPerSession: 3.0,
    hourWeights: hours([
      [12, 13, 1],
      [17, 18, 0.5],
    ]),
    weekdayWeights: [0.6, 1.2, 1.2, 1.2, 1.2, 1.1, 0.6],
    weeklyRoutine: false,
    searchesPerSession: 0.5,
    extraViewsPerSession: 1.2,
    cartProbability: 0.3,
    buyProbability: 0.7,
    companionProbability: 0.5,
    stapleProbability: 0,
    rateProbability: 0.2,
    reviewProbability: 0.3,
    reviewSentences: [1, 2],
    pricePaidShare: [0.9, 1],
    baseChurn: 0.85,
    lapsesEarly: true,
    queries: [
      'trail running shoes',
      'yoga mat',
      'camping tent',
      'hiking backpack',
      'adjustable dumbbells',
      'garden hose',
      'bike helmet',
      'sleeping bag',
    ],
    attributes: {
      ageMean: 45,
      ageSpread: 11,
      femaleShare: 0.45,
      cityBoost: { Portland: 1.8, Denver: 1.6, Atlanta: 1.6 },
      channelWeights: { email: 3, direct: 2, search: 2, social: 1, referral: 1 },
    },
  },
  {
    key: 'avid_reviewer',
    share: 0.14,
    meanEvents: 20,
    eventsPerSession: 3.3,
    hourWeights: hours([
      [14, 17, 1],
      [9, 10, 0.3],
    ]),
    weekdayWeights: [1.4, 0.9, 0.9, 0.9, 0.9, 0.9, 1.4],
    weeklyRoutine: false,
    searchesPerSession: 0.4,
    extraViewsPerSession: 0.8,
    cartProbability: 0.55,
    buyProbability: 0.85,
    companionProbability: 0.4,
    stapleProbability: 0,
    rateProbability: 0.9,
    reviewProbability: 0.85,
    reviewSentences: [4, 8],
    pricePaidShare: [0.95, 1],
    baseChurn: 0.04,
    lapsesEarly: false,
    queries: [
      'new mystery novels',
      'cookbook',
      'cast iron skillet',
      'historical fiction',
      'coffee grinder',
      'book club picks',
      'scented candles',
      'biography',
    ],
    attributes: {
      ageMean: 54,
      ageSpread: 11,
      femaleShare: 0.62,
      cityBoost: { Boston: 2.2, Portland: 2.2, Chicago: 1.8 },
      channelWeights: { email: 4, direct: 2, search: 1.5, referral: 1, social: 0.3 },
    },
  },
  {
    key: 'fashion_beauty',
    share: 0.2,
    meanEvents: 24,
    eventsPerSession: 4.25,
    hourWeights: hours([
      [17, 20, 1],
      [11, 12, 0.35],
    ]),
    weekdayWeights: [1.3, 0.8, 0.8, 0.9, 1.1, 1.5, 1.5],
    weeklyRoutine: false,
    searchesPerSession: 0.4,
    extraViewsPerSession: 2.0,
    cartProbability: 0.22,
    buyProbability: 0.65,
    companionProbability: 0.4,
    stapleProbability: 0.3,
    rateProbability: 0.25,
    reviewProbability: 0.45,
    reviewSentences: [1, 2],
    pricePaidShare: [0.85, 1],
    baseChurn: 0.06,
    lapsesEarly: false,
    queries: [
      'summer dress',
      'vitamin c serum',
      'ankle boots',
      'red lipstick',
      'crossbody bag',
      'perfume',
      'denim jacket',
      'new arrivals',
      'sunglasses',
    ],
    attributes: {
      ageMean: 27,
      ageSpread: 5,
      femaleShare: 0.78,
      cityBoost: { 'Los Angeles': 3, Miami: 3, 'New York': 2 },
      channelWeights: { social: 5, search: 1.5, email: 1, referral: 1, direct: 0.5 },
    },
  },
];

/** Cities and their base weights, before a persona's boost. */
export const demoCities: Record<string, number> = {
  'New York': 8,
  'Los Angeles': 6,
  Chicago: 5,
  Houston: 4,
  Phoenix: 3,
  'San Francisco': 3,
  Seattle: 3,
  Austin: 3,
  Boston: 3,
  Miami: 3,
  Denver: 2.5,
  Portland: 2,
  Atlanta: 3,
  Minneapolis: 2,
  Charlotte: 2,
  Raleigh: 1.5,
  Columbus: 2,
  Detroit: 2,
};
