/**
 * Every metric and model term the dashboard shows, in plain words. The key is the anchor on
 * /glossary (`/glossary#auc`); GlossaryLink links a term wherever it appears.
 */
export interface GlossaryEntry {
  term: string;
  /** one or two sentences an analyst can act on */
  plain: string;
  /** how to read the number: its range, what chance or a baseline gets */
  reading: string;
}

export const glossary = {
  holdout: {
    term: 'Hold-out data',
    plain:
      'Users (or events) set aside before a model is trained and used only to measure it. Every quality figure in Portrait is measured on them, so it shows how the model does on people it has not seen.',
    reading: 'The split is named beside each figure, e.g. “stratified hold-out, 20% held out”.',
  },
  baseline: {
    term: 'Baseline',
    plain:
      'What you get without a model: chance ranking for a score, always guessing the most common value for a category, the median for a number, the most popular items for recommendations.',
    reading:
      'A model is only worth reading when it beats its baseline; Portrait hides the scores of one that does not.',
  },
  churn: {
    term: 'Churn, at risk',
    plain:
      'A user churns when they make no purchase within the horizon (30 days unless the dataset’s settings say otherwise) after the data ends. The churn probability is the model’s estimate of that chance; “at risk” means a probability of 0.5 or more.',
    reading: 'Probabilities are checked against what happened on hold-out users (see calibration).',
  },
  propensity: {
    term: 'Propensity',
    plain: 'The probability that a user buys from a category within the horizon after the data ends.',
    reading: 'Read it beside the model’s AUC: a propensity from a weak model says little.',
  },
  auc: {
    term: 'AUC (area under the ROC curve)',
    plain:
      'How well a score ranks users: the chance that a user who did the thing (churned, bought) gets a higher score than one who did not.',
    reading:
      '0.5 is chance (a coin toss), 1.0 a perfect ranking. Roughly: under 0.65 weak, 0.65-0.75 fair, 0.75-0.85 good, above 0.85 strong.',
  },
  roc: {
    term: 'ROC curve',
    plain:
      'For every score threshold, the share of users who did the thing that the model catches (up) against the share of the others it flags by mistake (across).',
    reading: 'The diagonal is chance; a curve bowed towards the top left is better. The area under it is the AUC.',
  },
  lift10: {
    term: 'Lift (top 10%)',
    plain: 'How many times as often the 10% of users with the highest scores do the thing as users on average.',
    reading: '1.0x is no better than picking users at random; 2x means the top tenth does it twice as often.',
  },
  calibration: {
    term: 'Calibration',
    plain:
      'Whether a probability means what it says: of the hold-out users given about 0.8, about 80% should have done the thing.',
    reading:
      'On the chart, points on the diagonal are calibrated; above it the model under-estimates, below it over-estimates.',
  },
  calibrationError: {
    term: 'Calibration error',
    plain: 'The average gap between predicted probabilities and what happened on hold-out users, in percentage points.',
    reading: '0 is perfect; a few points is good enough to read probabilities as chances.',
  },
  positiveRate: {
    term: 'Base rate',
    plain: 'The share of hold-out users who did the thing (churned, bought from the category).',
    reading: 'A probability is high or low only compared with it.',
  },
  brier: {
    term: 'Brier score',
    plain: 'The mean squared gap between each predicted probability and what happened (0 or 1).',
    reading: 'Lower is better; 0 is perfect. Always predicting the base rate p gets p × (1 − p).',
  },
  macroF1: {
    term: 'Macro F1',
    plain:
      'How well a guessed category (e.g. an age band) matches the truth, averaged over the categories so rare ones count as much as common ones.',
    reading: '0 to 1, higher is better; compare with the baseline of always guessing the most common value.',
  },
  accuracy: {
    term: 'Accuracy',
    plain: 'The share of users whose guessed category is right.',
    reading: 'Compare with the baseline accuracy: always guessing the most common value is often right too.',
  },
  mae: {
    term: 'Mean absolute error (MAE)',
    plain: 'How far a guessed number (e.g. an age) is from the truth, on average, in the number’s own unit.',
    reading: 'Lower is better; compare with always guessing the median.',
  },
  rmse: {
    term: 'Root mean squared error (RMSE)',
    plain:
      'How far predicted ratings are from the ratings users actually gave, in stars, with big misses counting more than small ones.',
    reading:
      'Lower is better; compare with mean plus biases (the average rating adjusted for how generously each user rates and how well each item is rated).',
  },
  predictedValue: {
    term: 'Predicted spend (predicted value)',
    plain:
      'What a user is expected to spend on purchases in the next 90 days (or the horizon the dataset’s settings give), in the unit of the purchase values. Portrait tries the textbook customer-value model (BG/NBD for how often a customer buys and whether they are still buying, Gamma-Gamma for how much per purchase) and regressions on behaviour, and serves the one that ranks held-out users best.',
    reading:
      'Compare with the baseline “the same as the previous 90 days”: figures are shown only when the model ranks hold-out users better than it (Spearman).',
  },
  spearman: {
    term: 'Spearman correlation',
    plain: 'How well a prediction puts users in the order of what they actually went on to do (here, spend).',
    reading: '−1 to 1; 1 is the exact order, 0 no better than random. Compare with the previous period’s spend.',
  },
  gini: {
    term: 'Normalised Gini',
    plain:
      'How much of the actual spend the users ranked highest by the prediction account for, compared with ranking by the actual spend itself.',
    reading: '1 is the perfect order, 0 random; higher is better.',
  },
  ndcg: {
    term: 'nDCG@10',
    plain:
      'How high the items a user went on to interact with appear in their top 10 recommendations, with the top places counting most.',
    reading: '0 to 1, higher is better; compare with recommending the most popular items to everyone.',
  },
  precision: {
    term: 'Precision@10',
    plain: 'The share of the 10 recommended items that the user went on to interact with.',
    reading: 'Higher is better; small numbers are normal when users touch few items.',
  },
  recall: {
    term: 'Recall@10',
    plain: 'The share of the items a user went on to interact with that were among their 10 recommendations.',
    reading: 'Higher is better.',
  },
  hitRate: {
    term: 'Hit rate@10',
    plain: 'The share of users with at least one of their next items among their 10 recommendations.',
    reading: 'Higher is better.',
  },
  coverage: {
    term: 'Coverage',
    plain: 'The share of the catalogue that appears in anyone’s recommendations.',
    reading: 'Low coverage means the same few items are recommended to everyone.',
  },
  silhouette: {
    term: 'Silhouette',
    plain: 'How clearly users sit in their own segment rather than the nearest other one.',
    reading: '-1 to 1: above 0.25 segments are reasonably distinct, near 0 they overlap.',
  },
} satisfies Record<string, GlossaryEntry>;

export type GlossaryKey = keyof typeof glossary;

export const glossaryKeys = Object.keys(glossary) as GlossaryKey[];

/** The glossary entry for a stored metric's key (`holdout.auc`, `baselineAccuracy`), if there is one. */
export function glossaryKeyFor(metricKey: string): GlossaryKey | null {
  const last = metricKey.split('.').pop() ?? metricKey;
  const aliases: Record<string, GlossaryKey> = {
    baselineAuc: 'auc',
    baselineAccuracy: 'accuracy',
    baseline: 'baseline',
    lift: 'lift10',
    ndcgAt10: 'ndcg',
  };
  if (last in glossary) return last as GlossaryKey;
  return aliases[last] ?? null;
}
