import { numberArrayLiteral } from '@/lib/db/arrayLiteral';
import { getPool } from '@/lib/db/connection';
import type { WriteBehind } from '@/lib/db/writeBehind';
import { dayMs, type UserEventTotals } from '@/lib/ml/features/userEventTotals';
import { type RestoredPredictor, restorePredictor } from '@/lib/ml/predict/persistedPredictor';
import { purchaseHistoryOf, purchaseTypeMask, spendBetween } from '@/lib/ml/predict/purchaseHistory';
import { serveValue, type ValueInput } from '@/lib/ml/predict/servedValue';
import { purchaseFeatureNames } from '@/lib/ml/predict/valueLabels';
import type { DenseMatrix } from '@/lib/ml/types';
import { emptyEventTable, readPurchaseEvents } from './readPurchaseEvents';
import { runModelCache } from './runModelCache';
import { type StoredScoreModel, scoreModelArtifact } from './scoreModelArtifact';

/** A stored score model ready to predict: its classifier or value regression restored (null when it has none). */
export type LoadedScoreModel = StoredScoreModel & { predictor: RestoredPredictor | null };

/** A run's stored score models, ready to predict (free each predictor when done). */
export function restoreScoreModels(stored: StoredScoreModel[]): Promise<LoadedScoreModel[]> {
  return Promise.all(
    stored.map(async (model) => {
      const persisted =
        'model' in model ? model.model : 'regression' in model.value.served ? model.value.served.regression : null;
      return { ...model, predictor: persisted ? await restorePredictor(persisted) : null };
    }),
  );
}

/** Free what restoreScoreModels restored. */
export function freeScoreModels(models: LoadedScoreModel[]): void {
  for (const model of models) model.predictor?.free();
}

const modelsOf = runModelCache(
  async (db, runId) => {
    const { rows } = await db.query<{ content: { models: StoredScoreModel[] } }>(
      'SELECT content FROM run_artifacts WHERE run_id = $1 AND name = $2',
      [runId, scoreModelArtifact],
    );
    return restoreScoreModels(rows[0]?.content.models ?? []);
  },
  { free: freeScoreModels },
);

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}

/** What the score models read of some users. */
export interface ScoringInput {
  /** readable behaviour features per user (the profile model's columns), as of the reference time */
  behaviour: DenseMatrix;
  /** the users' purchase history and spend in the last `horizonDays` as of the same time (the value model reads them) */
  purchases: (horizonDays: number) => Pick<ValueInput, 'history' | 'lastSpend'>;
}

/**
 * Each model's score per user of the input, rounded as stored; a model on other columns (an
 * older profile model) scores nobody.
 */
export function scoreWithModels(
  models: LoadedScoreModel[],
  input: ScoringInput,
): { target: string; values: Float64Array }[] {
  const scored: { target: string; values: Float64Array }[] = [];
  for (const stored of models) {
    if ('value' in stored) {
      const { horizonDays, served } = stored.value;
      if ('regression' in served && served.regression.features !== input.behaviour.cols + purchaseFeatureNames.length)
        continue;
      const values = serveValue(served, stored.predictor, {
        ...input.purchases(horizonDays),
        horizonDays,
        behaviour: () => input.behaviour,
      });
      scored.push({ target: stored.target, values: Float64Array.from(values, round) });
      continue;
    }
    if (stored.model.features !== input.behaviour.cols || !stored.predictor) continue;
    scored.push({ target: stored.target, values: Float64Array.from(stored.predictor.predict(input.behaviour), round) });
  }
  return scored;
}

export interface ScoreInput {
  runId: number;
  datasetId: number;
  userIds: string[];
  /** readable behaviour features per user of userIds (the profile model's columns), as of `asOf` */
  behaviour: DenseMatrix;
  /** the update's reference time */
  asOf: number;
  /** the users' running totals (their first event and purchase sums, for the value model) */
  totals: UserEventTotals;
  purchaseTypes: string[];
}

/**
 * Every stored score of the users from the run's own fitted models (churn, category propensity,
 * custom goals, predicted value), applied to their behaviour features and purchases as of now
 * (the update's reference time), replacing their stored scores: the same models and functions
 * that scored every user when the run was trained. Only targets the run found predictive are
 * stored with it, so only those follow; inferred attributes follow in updateAttributeGuesses.
 * The scores are written behind (`writes`); what they are computed from is read on another
 * connection, none of it written by the update.
 */
export async function updateScores(writes: WriteBehind, input: ScoreInput): Promise<number> {
  const pool = getPool();
  const models = await modelsOf(pool, input.runId);
  const users = input.userIds;
  const horizons = models.flatMap((model) => ('value' in model ? [model.value.horizonDays] : []));
  // The value model reads the purchase sums of the running state and the purchases of the last H
  // days, so this read follows the user's recent purchases, not their history. The sums count
  // every event of the user, where training stops at its reference time: they differ only for
  // events dated past the accepted future window, which asOf leaves out.
  const recent =
    horizons.length > 0
      ? await readPurchaseEvents(
          pool,
          input.datasetId,
          users,
          input.purchaseTypes,
          input.asOf - Math.max(...horizons) * dayMs,
        )
      : null;
  const { totals, asOf } = input;
  const purchases = (horizonDays: number) => {
    const events = recent ?? emptyEventTable(users);
    const isPurchase = purchaseTypeMask(events, { purchaseTypes: input.purchaseTypes });
    return {
      history: purchaseHistoryOf(totals, totals.first, totals.total, asOf),
      lastSpend: spendBetween(events, isPurchase, asOf - horizonDays * dayMs, asOf + 1),
    };
  };
  const targets: string[] = [];
  const userIds: string[] = [];
  const values: number[] = [];
  for (const scored of scoreWithModels(models, { behaviour: input.behaviour, purchases })) {
    for (let u = 0; u < users.length; u++) {
      targets.push(scored.target);
      userIds.push(users[u]);
      values.push(scored.values[u]);
    }
  }
  if (targets.length === 0) return 0;
  writes.write(
    `INSERT INTO scores (run_id, target, user_id, value)
     SELECT $1, s.t, s.u, s.v FROM unnest($2::text[], $3::text[], $4::float8[]) AS s(t, u, v)
     ON CONFLICT (run_id, target, user_id) DO UPDATE SET value = excluded.value
     WHERE scores.value IS DISTINCT FROM excluded.value`,
    [input.runId, targets, userIds, numberArrayLiteral(values)],
  );
  return targets.length;
}
