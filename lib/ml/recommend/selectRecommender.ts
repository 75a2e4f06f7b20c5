import { type AlsOptions, fitImplicitAls } from '@/lib/ml/recommend/alsRecommender';
import { easeItems, fitEase, itemGramMatrix } from '@/lib/ml/recommend/easeRecommender';
import { evaluateOnHoldout } from '@/lib/ml/recommend/evaluateOnHoldout';
import { fitItemKnn } from '@/lib/ml/recommend/itemKnnRecommender';
import { fitPopularity } from '@/lib/ml/recommend/popularityRecommender';
import type { FittedRecommender, RecommenderName } from '@/lib/ml/recommend/recommender';
import type { EaseDeviceRecord } from '@/lib/ml/recommend/selectRecommenderOnDevice';
import { significantWinner } from '@/lib/ml/recommend/significantWinner';
import { type RecommendSplitKind, splitUserItems } from '@/lib/ml/recommend/splitUserItems';
import type { UserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';

export interface RecommenderCandidate {
  name: RecommenderName;
  params: Record<string, number>;
}

export interface CandidateScore extends RecommenderCandidate {
  /** nDCG@k on the inner validation split of the interactions given to selectRecommender */
  validationNdcg: number;
  fitMs: number;
}

export interface RecommenderSelection {
  winner: RecommenderCandidate;
  candidates: CandidateScore[];
  validation: {
    split: RecommendSplitKind;
    holdoutFraction: number;
    seed: number;
    users: number;
    k: number;
    /** users whose interactions the candidates were fitted and validated on (all, or a seeded sample) */
    selectionUsers: number;
  };
  /** where EASE was fitted, when the run's device is a GPU and the catalogue large enough for it */
  easeDevice?: EaseDeviceRecord;
}

export interface SelectRecommenderOptions {
  k?: number;
  split?: RecommendSplitKind;
  holdoutFraction?: number;
  seed?: number;
  /** model families to try (default all that fit the catalogue) */
  models?: RecommenderName[];
  /**
   * EASE needs items² memory and items³ time (one fit: 5 s at 2,000 items, about 17 s at 3,000
   * here): above this many catalogue items it is not tried (default 20,000; ALS and item-kNN are)
   */
  easeMaxItems?: number;
  /** a larger catalogue is modelled by EASE on its most popular items only (default 3000) */
  easeModelledItems?: number;
  /**
   * up to this many modelled items λ is searched (default 2000): 0.2, 1 and 5 × the mean item
   * count, then further out while the best is at an edge, then halfway (in log) on either side of
   * the best; above it one λ is tried
   */
  easeLambdaSearchItems?: number;
  /** λ values tried for EASE (default 0.2, 1 and 5 × the mean item count, at least 1) */
  easeLambdas?: number[];
  knnNeighbours?: number[];
  alsSettings?: AlsOptions[];
  /** validation users are a seeded sample of at most this many (default 3000) */
  maxValidationUsers?: number;
  /**
   * candidates are fitted and validated on the interactions of a seeded sample of at most this
   * many users (default 20000); the winner is refitted on all of them
   */
  maxSelectionUsers?: number;
  /** called with every fitted model, the final refit included (leakage probes, progress) */
  onFit?: (model: FittedRecommender) => void;
}

const defaultAlsSettings: AlsOptions[] = [
  { factors: 32, regularization: 1, alpha: 10 },
  { factors: 32, regularization: 10, alpha: 30 },
];

/**
 * Picks a model family and its hyper-parameters by nDCG@k on an inner split of `interactions`
 * (each user's items split again, the same way as the outer evaluation; past maxSelectionUsers,
 * of a seeded sample of its users), then refits the winner on all of `interactions`. Nothing
 * outside `interactions` is ever seen.
 */
export function selectRecommender(
  interactions: UserItemInteractions,
  options: SelectRecommenderOptions = {},
): { model: FittedRecommender; selection: RecommenderSelection } {
  const steps = selectionSteps(interactions, options);
  let step = steps.next();
  while (!step.done) step = steps.next(fitRecommender(step.value.train, step.value.candidate, step.value.gram?.()));
  return step.value;
}

/** One fit selectionSteps asks for: the candidate on `train`, with XᵀX shared between EASE's λ when wanted. */
export interface FitRequest {
  train: UserItemInteractions;
  candidate: RecommenderCandidate;
  /** XᵀX of the inner split over EASE's modelled items, formed once on first call */
  gram?: () => Float64Array;
}

/**
 * selectRecommender with a fitter of the caller's, which may answer later (EASE on a GPU, whose
 * session runs asynchronously): the same candidates, validation and refit.
 */
export async function selectRecommenderWith(
  interactions: UserItemInteractions,
  options: SelectRecommenderOptions,
  fitOne: (request: FitRequest) => Promise<FittedRecommender>,
): Promise<{ model: FittedRecommender; selection: RecommenderSelection }> {
  const steps = selectionSteps(interactions, options);
  let step = steps.next();
  while (!step.done) step = steps.next(await fitOne(step.value));
  return step.value;
}

/** selectRecommender's work, handing every fit to its driver (yield a request, get the model back). */
function* selectionSteps(
  interactions: UserItemInteractions,
  options: SelectRecommenderOptions,
): Generator<FitRequest, { model: FittedRecommender; selection: RecommenderSelection }, FittedRecommender> {
  const k = options.k ?? 10;
  const seed = options.seed ?? 0;
  // Choosing on a sample of users keeps the cost of the candidate grid (ALS grows with the users)
  // flat past maxSelectionUsers, while the winner still learns from every user.
  const selectionSet = sampleUsers(interactions, options.maxSelectionUsers ?? 20000, seed);
  // EASE's λ is weighed against XᵀX, which grows with the pairs: the candidates' λ (stated for all
  // interactions, as the refit uses it) is scaled to the sample so it regularises as strongly.
  const pairScale = selectionSet.itemIndex.length / Math.max(1, interactions.itemIndex.length);
  const inner = splitUserItems(selectionSet, {
    split: options.split,
    holdoutFraction: options.holdoutFraction,
    seed,
  });
  const validationUsers = sampleUsersWithItems(inner.test, options.maxValidationUsers ?? 3000, seed);
  const candidates = candidateRecommenders(interactions, options, seed);

  let innerGram: Float64Array | undefined;
  const scores: CandidateScore[] = [];
  function* score(candidate: RecommenderCandidate): Generator<FitRequest, void, FittedRecommender> {
    const gram =
      candidate.name === 'ease'
        ? () => {
            innerGram ??= itemGramMatrix(inner.train, easeItems(inner.train, candidate.params.items));
            return innerGram;
          }
        : undefined;
    const started = performance.now();
    const model = yield { train: inner.train, candidate: scaledToSample(candidate, pairScale), gram };
    const fitMs = performance.now() - started;
    options.onFit?.(model);
    const metrics = evaluateOnHoldout(model, inner.test, { k, users: validationUsers });
    const scored = { ...candidate, validationNdcg: metrics.ndcg, fitMs };
    scores.push(scored);
    userNdcg.set(scored, metrics.userNdcg);
  }
  const userNdcg = new Map<CandidateScore, Float64Array>();
  for (const candidate of candidates) yield* score(candidate);
  if (searchesEaseLambda(interactions, options)) yield* refineEaseLambda(scores, score);
  const winner = significantWinner(scores, userNdcg);
  const model = yield { train: interactions, candidate: winner };
  options.onFit?.(model);
  return {
    model,
    selection: {
      winner,
      candidates: scores,
      validation: {
        split: inner.split,
        holdoutFraction: inner.holdoutFraction,
        seed,
        users: validationUsers.length,
        k,
        selectionUsers: selectionSet.users,
      },
    },
  };
}

export function fitRecommender(
  train: UserItemInteractions,
  candidate: RecommenderCandidate,
  gram?: Float64Array,
): FittedRecommender {
  const { params } = candidate;
  switch (candidate.name) {
    case 'popularity':
      return fitPopularity(train);
    case 'itemKnn':
      return fitItemKnn(train, { neighbours: params.neighbours });
    case 'ease':
      return fitEase(train, { lambda: params.lambda, maxItems: params.items, gram });
    case 'als':
      return fitImplicitAls(train, params);
  }
}

function candidateRecommenders(
  interactions: UserItemInteractions,
  options: SelectRecommenderOptions,
  seed: number,
): RecommenderCandidate[] {
  const wanted = new Set<RecommenderName>(options.models ?? ['popularity', 'itemKnn', 'ease', 'als']);
  const candidates: RecommenderCandidate[] = [];
  if (wanted.has('popularity')) candidates.push({ name: 'popularity', params: {} });
  if (wanted.has('itemKnn')) {
    for (const neighbours of options.knnNeighbours ?? [20, 100]) {
      candidates.push({ name: 'itemKnn', params: { neighbours } });
    }
  }
  if (wanted.has('ease') && interactions.items <= (options.easeMaxItems ?? 20_000)) {
    const modelled = Math.min(interactions.items, options.easeModelledItems ?? 3000);
    const meanItemCount = interactions.itemIndex.length / Math.max(1, interactions.items);
    const scales = modelled <= (options.easeLambdaSearchItems ?? 2000) ? [0.2, 1, 5] : [1];
    const lambdas = options.easeLambdas ?? scales.map((scale) => Math.max(1, Math.round(scale * meanItemCount)));
    for (const lambda of new Set(lambdas)) {
      candidates.push({
        name: 'ease',
        params: modelled < interactions.items ? { lambda, items: modelled } : { lambda },
      });
    }
  }
  if (wanted.has('als')) {
    for (const settings of options.alsSettings ?? defaultAlsSettings) {
      const params: Record<string, number> = { seed };
      for (const [key, value] of Object.entries(settings)) if (value !== undefined) params[key] = value;
      candidates.push({ name: 'als', params });
    }
  }
  if (candidates.length === 0) throw new Error('no recommender family left to try');
  return candidates;
}

function searchesEaseLambda(interactions: UserItemInteractions, options: SelectRecommenderOptions): boolean {
  if (!(options.models ?? ['ease']).includes('ease') || options.easeLambdas) return false;
  if (interactions.items > (options.easeMaxItems ?? 20_000)) return false;
  return Math.min(interactions.items, options.easeModelledItems ?? 3000) <= (options.easeLambdaSearchItems ?? 2000);
}

/**
 * Searches EASE's λ past the first three on validation nDCG: steps of ×5 outwards while the best
 * is the largest (or smallest) tried, at most two, then ×√5 either side of the best. The best λ
 * of the first grid sat at its edge on MovieLens 100k; this reaches the λ a fine grid would choose
 * with four or five more fits instead of ten.
 */
function* refineEaseLambda(
  scores: CandidateScore[],
  score: (candidate: RecommenderCandidate) => Generator<FitRequest, void, FittedRecommender>,
): Generator<FitRequest, void, FittedRecommender> {
  const ease = () => scores.filter((candidate) => candidate.name === 'ease');
  const best = () => ease().reduce((a, b) => (b.validationNdcg > a.validationNdcg ? b : a));
  const tried = (lambda: number) => ease().some((candidate) => candidate.params.lambda === lambda);
  const template = ease()[0];
  if (!template) return;
  function* tryLambda(lambda: number): Generator<FitRequest, void, FittedRecommender> {
    const rounded = Math.max(1, Math.round(lambda));
    if (tried(rounded)) return;
    yield* score({ name: 'ease', params: { ...template.params, lambda: rounded } });
  }
  for (let step = 0; step < 2; step++) {
    const lambdas = ease().map((candidate) => candidate.params.lambda);
    const top = best().params.lambda;
    if (top === Math.max(...lambdas)) yield* tryLambda(top * 5);
    else if (top === Math.min(...lambdas) && top > 1) yield* tryLambda(top / 5);
    else break;
  }
  const centre = best().params.lambda;
  yield* tryLambda(centre * Math.sqrt(5));
  yield* tryLambda(centre / Math.sqrt(5));
}

function scaledToSample(candidate: RecommenderCandidate, pairScale: number): RecommenderCandidate {
  if (candidate.name !== 'ease' || pairScale === 1) return candidate;
  return { ...candidate, params: { ...candidate.params, lambda: Math.max(1, candidate.params.lambda * pairScale) } };
}

/** The rows of a seeded sample of `limit` users (ascending, renumbered from 0), or `interactions` when it has no more. */
export function sampleUsers(interactions: UserItemInteractions, limit: number, seed: number): UserItemInteractions {
  if (interactions.users <= limit) return interactions;
  const chosen = createSeededRandom(seed).sampleIndexes(interactions.users, limit).sort();
  const userStart = new Int32Array(limit + 1);
  for (let r = 0; r < limit; r++) {
    const u = chosen[r];
    userStart[r + 1] = userStart[r] + interactions.userStart[u + 1] - interactions.userStart[u];
  }
  const itemIndex = new Int32Array(userStart[limit]);
  const lastTs = new Float64Array(userStart[limit]);
  for (let r = 0; r < limit; r++) {
    const from = interactions.userStart[chosen[r]];
    const to = interactions.userStart[chosen[r] + 1];
    itemIndex.set(interactions.itemIndex.subarray(from, to), userStart[r]);
    lastTs.set(interactions.lastTs.subarray(from, to), userStart[r]);
  }
  return { users: limit, items: interactions.items, userStart, itemIndex, lastTs };
}

/** Users with at least one item in `part`, a seeded sample of at most `limit` of them, ascending. */
export function sampleUsersWithItems(part: UserItemInteractions, limit: number, seed: number): Int32Array {
  const users: number[] = [];
  for (let u = 0; u < part.users; u++) if (part.userStart[u + 1] > part.userStart[u]) users.push(u);
  if (users.length <= limit) return Int32Array.from(users);
  const chosen = createSeededRandom(seed).sampleIndexes(users.length, limit);
  return Int32Array.from(chosen, (position) => users[position]);
}
