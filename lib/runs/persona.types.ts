// The persona object stored in segments.persona and served by the API. The pipeline maps its
// stage outputs into this shape; the dashboard and the exports read only this shape.

export interface PersonaTrait {
  /** feature key, e.g. "monetary_mean" */
  feature: string;
  /** human label, e.g. "Spend per order" */
  label: string;
  /** the segment's median (or share) in the feature's unit */
  segmentValue: number;
  populationValue: number;
  /**
   * Cohen's d of the segment against the rest of the population (runs before traits were tested
   * stored the segment mean's standardised difference from the population)
   */
  z: number;
  /** Bonferroni-corrected p-value of Welch's t-test against the rest; absent in older runs */
  p?: number;
  /** a computed sentence, e.g. "spends 3.1x the median per order" */
  text: string;
}

export interface Persona {
  name: string;
  description: string;
  size: number;
  share: number;
  traits: PersonaTrait[];
  topCategories: { name: string; share: number; lift: number }[];
  keywords: { term: string; weight: number }[];
  /** per attribute: value shares in the segment and in the population (sensitive ones left out) */
  /** `distinct`: the share differs from the rest's by a tested margin (runs before it was tested lack it) */
  attributes: Record<string, { value: string; share: number; populationShare: number; distinct?: boolean }[]>;
  /** mean sentiment in [-1, 1], null when no text in a supported language */
  sentiment: { mean: number | null; textUsers: number };
  topItems: { itemId: string; title: string | null; lift: number; users: number }[];
  /** share of the segment's users with churn score >= 0.5, null before predictions */
  churnShare: number | null;
  /** the same share over every profiled user, for comparison (absent in runs before it existed) */
  populationChurnShare?: number | null;
  /**
   * expected spend in the next horizonDays days: the segment's total and mean per user, beside the
   * mean over every user; absent without a predictive value model (and in runs before it existed)
   */
  predictedValue?: { horizonDays: number; total: number; mean: number; populationMean: number } | null;
  /** propensity targets: mean score in the segment vs population */
  nextInterests: { category: string; segmentMean: number; populationMean: number }[];
  /** custom goals (goal:<id>) with predictive scores: mean score in the segment vs population; absent without any */
  goals?: { target: string; name: string; horizonDays: number; segmentMean: number; populationMean: number }[];
  representativeUsers: string[];
  /** events per week over the last 12 weeks, mean per user */
  activity: number[];
}
