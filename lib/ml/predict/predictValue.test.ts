import { describe, expect, it } from 'vitest';
import { expectedPurchases, fitBgNbd } from '@/lib/ml/predict/bgNbd';
import type { FeatureFunction } from '@/lib/ml/predict/churnLabels';
import { expectedSpendPerTransaction, fitGammaGamma } from '@/lib/ml/predict/gammaGamma';
import { hypergeometric2F1 } from '@/lib/ml/predict/hypergeometric2F1';
import { logGamma } from '@/lib/ml/predict/logGamma';
import { predictValue } from '@/lib/ml/predict/predictValue';
import { purchaseTypeMask, summarisePurchases } from '@/lib/ml/predict/purchaseHistory';
import { normalisedGini, spearmanCorrelation } from '@/lib/ml/predict/rankingMetrics';
import { minimumValueUsers, noPurchaseValuesReason } from '@/lib/ml/predict/valueLabels';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import { simulateBgNbdPopulation } from '@/test/helpers/bgNbdPopulation';

const day = 86_400_000;
const start = Date.UTC(2024, 5, 1);
const settings = { purchaseTypes: ['purchase'] };
const bgNbdShop = simulateBgNbdPopulation;

/** Events and views per user: what a behaviour feature knows, without the purchase history. */
const countFeatures: FeatureFunction = (events) => {
  const data = new Float32Array(events.userIds.length * 2);
  for (let e = 0; e < events.ts.length; e++) data[events.user[e] * 2 + (events.type[e] === 0 ? 0 : 1)]++;
  return { rows: events.userIds.length, cols: 2, data };
};

describe('special functions', () => {
  it('logGamma matches factorials and Γ(½) = √π', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 10);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 10);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 8);
  });

  it('2F1(1, 1; 2; z) is −ln(1 − z)/z', () => {
    for (const z of [0.1, 0.5, 0.9]) expect(hypergeometric2F1(1, 1, 2, z)).toBeCloseTo(-Math.log(1 - z) / z, 9);
  });
});

describe('ranking metrics', () => {
  it('Spearman is 1 for a monotone prediction and −1 reversed', () => {
    const actual = [0, 3, 10, 50, 51];
    expect(spearmanCorrelation([1, 2, 3, 4, 5], actual)).toBeCloseTo(1, 12);
    expect(spearmanCorrelation([5, 4, 3, 2, 1], actual)).toBeCloseTo(-1, 12);
  });

  it('normalised Gini is 1 for the perfect order and 0 for a constant prediction', () => {
    const actual = [0, 0, 5, 20, 100];
    expect(normalisedGini([0, 1, 2, 3, 4], actual)).toBeCloseTo(1, 12);
    expect(normalisedGini([7, 7, 7, 7, 7], actual)).toBeCloseTo(0, 12);
    expect(normalisedGini([4, 3, 2, 1, 0], actual)).toBeLessThan(0);
  });
});

describe('BG/NBD and Gamma-Gamma', () => {
  it("reproduces the paper's conditional expectation for a CDNOW customer (1.226 purchases in 39 weeks)", () => {
    const cdnow = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    expect(expectedPurchases(cdnow, 2, 30.43, 38.86, 39)).toBeCloseTo(1.226, 3);
  });

  const events = bgNbdShop(4000, 7);
  const history = summarisePurchases(events, purchaseTypeMask(events, settings), start + 720 * day);

  it('recovers the planted parameters by maximum likelihood', () => {
    const fitted = fitBgNbd({ frequency: history.frequency, recency: history.recency, age: history.age });
    expect(fitted.r).toBeGreaterThan(4 * 0.8);
    expect(fitted.r).toBeLessThan(4 * 1.25);
    expect(fitted.alpha).toBeGreaterThan(300 * 0.8);
    expect(fitted.alpha).toBeLessThan(300 * 1.25);
    // the mean drop-out probability E[p] = a / (a + b), planted at 1/31
    expect(Math.abs(fitted.a / (fitted.a + fitted.b) - 1 / 31)).toBeLessThan(0.01);
    // more past purchases, recently, mean more expected purchases
    expect(expectedPurchases(fitted, 5, 170, 180, 90)).toBeGreaterThan(expectedPurchases(fitted, 1, 170, 180, 90));
    expect(expectedPurchases(fitted, 5, 170, 180, 90)).toBeGreaterThan(expectedPurchases(fitted, 5, 20, 180, 90));
  });

  it('Gamma-Gamma recovers the mean spend per purchase and shrinks a lone average towards it', () => {
    const repeat = Int32Array.from({ length: history.frequency.length }, (_, u) => u).filter(
      (u) => history.frequency[u] > 0,
    );
    const fitted = fitGammaGamma(
      Float64Array.from(repeat, (u) => history.frequency[u]),
      Float64Array.from(repeat, (u) => history.meanRepeatSpend[u]),
    );
    const populationMean = (fitted.p * fitted.gamma) / (fitted.q - 1);
    expect(populationMean).toBeGreaterThan(30 * 0.8);
    expect(populationMean).toBeLessThan(30 * 1.2);
    const oneHigh = expectedSpendPerTransaction(fitted, 1, 100);
    expect(oneHigh).toBeLessThan(100);
    expect(oneHigh).toBeGreaterThan(populationMean);
    expect(expectedSpendPerTransaction(fitted, 20, 100)).toBeGreaterThan(oneHigh);
  });
});

describe('predictValue', () => {
  it('serves BG/NBD + Gamma-Gamma on a BG/NBD population, ranking next-90-day spend clearly above the previous 90 days', async () => {
    const events = bgNbdShop(4000, 11);
    const result = await predictValue(events, settings, countFeatures, { horizonDays: 90, seed: 3 });
    expect(result.status).toBe('trained');
    if (result.status !== 'trained') return;
    const { contract } = result;
    const bgNbd = contract.models['BG/NBD + Gamma-Gamma'];
    expect(bgNbd).toBeDefined();
    expect(bgNbd?.spearman).toBeGreaterThan(contract.baseline.spearman + 0.03);
    expect(bgNbd?.gini).toBeGreaterThan(contract.baseline.gini);
    expect(contract.predictive).toBe(true);
    expect(contract.model).toBe('BG/NBD + Gamma-Gamma');
    expect(contract.bgNbd?.r).toBeGreaterThan(0);
    expect(result.predictedValue).toHaveLength(events.userIds.length);
    for (const value of result.predictedValue) expect(value).toBeGreaterThanOrEqual(0);
  });

  it('serves the previous 90 days and calls itself not predictive when the recent past alone says what comes next', async () => {
    // every user buys at one random rate for 540 days, then at a new, unrelated rate for the last
    // 180: the previous 90 days see the new rate, while BG/NBD's whole history mostly reflects the old one
    const random = createSeededRandom(9);
    const rows: { user: number; ts: number }[] = [];
    const users = 1500;
    for (let u = 0; u < users; u++) {
      const before = 0.01 + random.next() * 0.1;
      const after = 0.005 + random.next() * 0.1;
      for (let t = random.next() * 10; t < 720; ) {
        rows.push({ user: u, ts: start + t * day });
        t += -Math.log(1 - random.next()) / (t < 540 ? before : after);
      }
    }
    rows.sort((a, b) => a.user - b.user || a.ts - b.ts);
    const events = {
      userIds: Array.from({ length: users }, (_, u) => `u${u}`),
      itemIds: [],
      types: ['purchase'],
      user: Int32Array.from(rows, (r) => r.user),
      item: new Int32Array(rows.length).fill(-1),
      type: new Int32Array(rows.length),
      ts: Float64Array.from(rows, (r) => r.ts),
      value: new Float64Array(rows.length).fill(20),
      text: rows.map(() => null),
    };
    const result = await predictValue(events, settings, countFeatures, { families: [], seed: 2 });
    expect(result.status).toBe('trained');
    if (result.status !== 'trained') return;
    expect(result.contract.model).toBe('previous spend');
    expect(result.contract.predictive).toBe(false);
    expect(result.contract.notPredictive).toMatch(/^not predictive: previous spend ranks hold-out spend/);
    expect(result.contract.validationSpearman['previous spend']).toBeGreaterThan(
      result.contract.validationSpearman['BG/NBD + Gamma-Gamma'] ?? 1,
    );
  });

  it('is skipped, with its reason, when purchases carry no value', async () => {
    const result = await predictValue(bgNbdShop(300, 5, false), settings, countFeatures);
    expect(result).toEqual({ status: 'skipped', reason: noPurchaseValuesReason });
  });

  it('is skipped, not judged on a dozen hold-out users, when too few users were active before the cutoff', async () => {
    const result = await predictValue(bgNbdShop(minimumValueUsers - 1, 5), settings, countFeatures);
    expect(result.status).toBe('skipped');
    if (result.status === 'skipped')
      expect(result.reason).toMatch(/^only \d+ users active before the cutoff; at least 250 are needed/);
  });

  it('is skipped when the log is shorter than the horizon', async () => {
    const events = bgNbdShop(300, 5);
    const result = await predictValue(events, settings, countFeatures, { horizonDays: 800 });
    expect(result.status).toBe('skipped');
    if (result.status === 'skipped') expect(result.reason).toContain('800-day horizon');
  });
});
