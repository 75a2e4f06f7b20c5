import { describe, expect, it } from 'vitest';
import { computeBehaviourFeatures } from '@/lib/ml/features/behaviourFeatures';
import { describeSegments, formatRatio, type PersonaInput } from '@/lib/ml/persona/describeSegments';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import { type DenseMatrix, defaultPipelineSettings } from '@/lib/ml/types';
import { generateSyntheticEvents } from '@/test/fixtures/syntheticEvents';

function centroidsOf(matrix: DenseMatrix, labels: Int32Array, k: number): DenseMatrix {
  const data = new Float32Array(k * matrix.cols);
  const counts = new Float64Array(k);
  for (let u = 0; u < matrix.rows; u++) {
    counts[labels[u]]++;
    for (let t = 0; t < matrix.cols; t++) data[labels[u] * matrix.cols + t] += matrix.data[u * matrix.cols + t];
  }
  for (let s = 0; s < k; s++) for (let t = 0; t < matrix.cols; t++) data[s * matrix.cols + t] /= counts[s];
  return { rows: k, cols: matrix.cols, data };
}

// Planted personas: 0 night electronics premium, 1 morning books bargain, 2 weekend home browsers,
// 3 evening toy raters. Segments are the planted truth, so every expectation is known.
const { events, items, truth, asOf } = generateSyntheticEvents({ users: 1200, seed: 12 });
const features = computeBehaviourFeatures(events, items, defaultPipelineSettings, asOf);
const random = createSeededRandom(5);
const planTier = truth.map((p) => (p === 0 ? (random.next() < 0.8 ? 2 : 1) : random.next() < 0.2 ? 2 : 1));
const input: PersonaInput = {
  labels: truth,
  k: 4,
  profile: features.matrix,
  centroids: centroidsOf(features.matrix, truth, 4),
  features,
  events,
  items,
  settings: { ...defaultPipelineSettings, sensitiveAttributes: ['religion'] },
  asOf,
  attributes: [
    { name: 'plan', kind: 'string', values: Array.from(planTier, (tier) => (tier === 2 ? 'pro' : 'free')) },
    { name: 'religion', kind: 'string', values: Array.from(truth, () => 'private') },
    { name: 'age', kind: 'number', values: Array.from(truth, (p) => (p === 1 ? 60 : 25) + random.int(10)) },
  ],
  sentiment: Float32Array.from(truth, (p) => (p === 3 ? -0.6 : p === 2 ? Number.NaN : 0.5)),
  keywords: Array.from(truth, (p) =>
    p === 0 ? ['battery', 'screen', 'great'] : p === 1 ? ['plot', 'great'] : ['great'],
  ),
  churnScore: Float32Array.from(truth, (p) => (p === 2 ? 0.9 : 0.1)),
  propensity: [
    { category: 'Books', scores: Float32Array.from(truth, (p) => (p === 1 ? 0.8 : 0.1)) },
    { category: 'Toys', scores: Float32Array.from(truth, (p) => (p === 3 ? 0.7 : 0.1)) },
  ],
};
const personas = describeSegments(input);

describe('describeSegments', () => {
  it('quotes the planted distinguishing features with readable values', () => {
    const night = personas[0].traits.find((t) => t.feature === 'time_share_night');
    expect(night).toBeDefined();
    expect(night?.z).toBeGreaterThan(1);
    expect(night?.text).toMatch(/^\d+% of activity at night \(0-6h\), vs \d+% overall$/);
    expect(personas[0].traits.map((t) => t.feature)).toContain('category_share_Electronics');
    expect(night?.segmentValue).toBeGreaterThan(0.8);
    const books = personas[1].traits.find((t) => t.feature === 'category_share_Books');
    expect(books?.text).toMatch(/of item activity in Books, vs \d+% overall/);
    const afternoon = personas[2].traits.find((t) => t.feature === 'time_share_afternoon');
    expect(afternoon?.text).toMatch(/of activity in the afternoon \(12-18h\)/);
    // Traits are ordered by the size of the standardised difference.
    const effects = personas[2].traits.map((t) => Math.abs(t.z));
    expect(effects).toEqual([...effects].sort((a, b) => b - a));
  });

  it('shows a ratio under 0.1 with one significant digit, never as 0.0x', () => {
    expect([25.4, 2.46, 0.1, 0.096, 0.094, 0.0395, 0.004].map(formatRatio)).toEqual([
      '25',
      '2.5',
      '0.1',
      '0.1',
      '0.09',
      '0.04',
      '0.004',
    ]);
  });

  it('states ratios against the population median', () => {
    const all = describeSegments(input, { traitCount: 50, minTraitEffect: 0 });
    const spend = all[0].traits.find((t) => t.feature === 'monetary_mean');
    expect(spend).toBeDefined();
    const ratio = (spend?.segmentValue ?? 0) / (spend?.populationValue ?? 1);
    expect(ratio).toBeGreaterThan(2);
    expect(spend?.text).toContain(`spends ${formatRatio(ratio)}x the median per order`);
    const weekend = all[2].traits.find((t) => t.feature === 'weekend_share');
    expect(weekend?.segmentValue).toBeGreaterThan(0.8);
    expect(weekend?.z).toBeGreaterThan(1);
  });

  it('ranks the defining category first and names segments from their traits, uniquely', () => {
    expect(personas.map((p) => p.topCategories[0].name)).toEqual(['Electronics', 'Books', 'Home', 'Toys']);
    expect(personas[0].topCategories[0].lift).toBeGreaterThan(2.5);
    expect(personas[0].name).toContain('Electronics');
    expect(personas[0].name).toMatch(/Night-owl/);
    expect(personas[1].name).toContain('Books');
    expect(personas[2].name).toMatch(/browsers$/);
    expect(personas[0].name).toMatch(/customers$/);
    // Only over-used categories are listed as distinctive.
    for (const persona of personas)
      for (const category of persona.topCategories) expect(category.lift).toBeGreaterThan(1);
    expect(new Set(personas.map((p) => p.name)).size).toBe(4);
  });

  it('keeps names unique when two segments behave alike', () => {
    // Split planted persona 0 into two segments of near-identical users.
    const split = Int32Array.from(truth, (p, u) => (p === 0 && u % 2 === 0 ? 4 : p));
    const twins = describeSegments({
      ...input,
      labels: split,
      k: 5,
      centroids: centroidsOf(features.matrix, split, 5),
    });
    expect(new Set(twins.map((p) => p.name)).size).toBe(5);
  });

  it('says a segment has an attribute value only when its share differs from the rest by a tested margin', () => {
    expect(personas[0].attributes.plan[0]).toMatchObject({ value: 'pro', distinct: true });
    expect(personas[0].description).toMatch(/\d+(\.\d)?% have plan pro \(vs \d+(\.\d)?% overall\)\./);
    // a country drawn at random for every user: some segment's top country is 1.2x its overall share by chance
    const countries = ['UK', 'DE', 'FR', 'CN', 'US'];
    const drawn = createSeededRandom(9);
    const withCountry = describeSegments({
      ...input,
      attributes: [{ name: 'country', kind: 'string', values: Array.from(truth, () => countries[drawn.int(5)]) }],
    });
    const lucky = withCountry.filter(
      (persona) => persona.attributes.country[0].share >= persona.attributes.country[0].populationShare * 1.2,
    );
    expect(lucky.length).toBeGreaterThan(0);
    for (const persona of withCountry) {
      expect(persona.attributes.country[0].distinct).toBe(false);
      expect(persona.description).not.toMatch(/have country/);
    }
  });

  it('reports size, share, attributes (never sensitive ones), sentiment, churn and interests', () => {
    const plantedSizes = [0, 1, 2, 3].map((p) => truth.filter((t) => t === p).length);
    expect(personas.map((p) => p.size)).toEqual(plantedSizes);
    expect(personas[0].share).toBeCloseTo(plantedSizes[0] / 1200, 10);
    expect(personas[0].attributes.plan[0].value).toBe('pro');
    expect(personas[0].attributes.plan[0].share).toBeGreaterThan(0.7);
    expect(personas[0].attributes.religion).toBeUndefined();
    expect(personas[1].attributes.age[0].value).toMatch(/>= /);
    expect(personas[3].sentiment.mean).toBeCloseTo(-0.6, 5);
    expect(personas[2].sentiment).toEqual({ mean: null, textUsers: 0 });
    expect(personas[2].churnShare).toBe(1);
    expect(personas[0].churnShare).toBe(0);
    for (const persona of personas) expect(persona.populationChurnShare).toBeCloseTo(plantedSizes[2] / 1200, 10);
    expect(personas[2].description).toContain(`are at risk of churning (vs`);
    expect(personas[1].nextInterests[0]).toMatchObject({ category: 'Books', segmentMean: 0.8 });
    expect(
      personas[0].keywords
        .slice(0, 2)
        .map((k) => k.term)
        .sort(),
    ).toEqual(['battery', 'screen']);
    expect(personas[1].keywords[0].term).toBe('plot');
  });

  it('lists over-indexing items, representative users nearest the centroid and weekly activity', () => {
    for (const item of personas[0].topItems) {
      expect(item.lift).toBeGreaterThan(1);
      expect(item.title).toMatch(/^Electronics item/);
    }
    const { cols, data } = features.matrix;
    const centroid = input.centroids.data.subarray(0, cols);
    const distances = Array.from(truth, (p, u) => {
      if (p !== 0) return Number.POSITIVE_INFINITY;
      let d = 0;
      for (let t = 0; t < cols; t++) d += (data[u * cols + t] - centroid[t]) ** 2;
      return d;
    });
    const expected = distances
      .map((d, u) => ({ d, u }))
      .sort((a, b) => a.d - b.d)
      .slice(0, 3)
      .map(({ u }) => events.userIds[u]);
    expect(personas[0].representativeUsers).toEqual(expected);
    expect(personas[0].activity).toHaveLength(12);
    expect(personas[0].activity.some((v) => v > 0)).toBe(true);
  });

  it('covers only the whole weeks the data spans, so a 24-day log has no empty or part weeks before its start', () => {
    const dayMs = 86_400_000;
    const ts = Float64Array.from(events.ts, (t) => asOf - ((asOf - t) % (24 * dayMs)));
    const short = describeSegments({ ...input, events: { ...events, ts } });
    for (const persona of short) {
      expect(persona.activity).toHaveLength(3);
      expect(persona.activity[0]).toBeGreaterThan(0);
    }
  });

  it('writes a description from the computed facts', () => {
    const text = personas[0].description;
    expect(text.startsWith(`${personas[0].name}: ${personas[0].size} users`)).toBe(true);
    expect(text).toContain(personas[0].traits[0].text);
    expect(text).toContain('Electronics (');
    expect(text).toMatch(/have plan pro/);
    expect(JSON.parse(JSON.stringify(personas))).toEqual(personas);
  });
});
