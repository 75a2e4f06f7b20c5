import type pg from 'pg';
import { recommendForUsers } from '@/lib/ml/recommend/recommendForUsers';
import { foldInRecommender } from '@/lib/ml/recommend/servedItemModel';
import { buildUserItemInteractionsWithKinds } from '@/lib/ml/recommend/userItemInteractions';
import type { EventTable, ItemTable, PipelineSettings } from '@/lib/ml/types';
import type { AssignedUsers } from '@/lib/training/assignToActiveRun';
import { recommenderArtifact, type StoredRecommenderModel, storedRecommenderFromJson } from './recommenderArtifact';

const recommendationsPerUser = 10;

export interface LoadedModel extends StoredRecommenderModel {
  indexOf: Map<string, number>;
}

// Decoding a run's model (an EASE matrix is megabytes) once per process, not per batch; runs are
// few and a retrain makes the old one unused.
const loaded = new Map<number, Promise<LoadedModel | null>>();
const keptRuns = 2;

function modelOf(client: pg.PoolClient, runId: number): Promise<LoadedModel | null> {
  let model = loaded.get(runId);
  if (!model) {
    model = client
      .query<{ content: unknown }>('SELECT content FROM run_artifacts WHERE run_id = $1 AND name = $2', [
        runId,
        recommenderArtifact,
      ])
      .then(({ rows }) => {
        if (!rows[0]) return null;
        return loadedRecommender(storedRecommenderFromJson(rows[0].content));
      });
    model.catch(() => loaded.delete(runId));
    loaded.set(runId, model);
    for (const old of loaded.keys()) if (loaded.size > keptRuns && old !== runId) loaded.delete(old);
  }
  return model;
}

/** The users' events with items renumbered into the model's order; items new since training follow. */
function inModelOrder(events: EventTable, model: LoadedModel): { events: EventTable; renumbered: Int32Array } {
  const itemIds = model.itemIds.slice();
  const renumbered = Int32Array.from(events.itemIds, (id) => {
    const known = model.indexOf.get(id);
    if (known !== undefined) return known;
    itemIds.push(id);
    return itemIds.length - 1;
  });
  return {
    events: { ...events, itemIds, item: Int32Array.from(events.item, (item) => (item < 0 ? -1 : renumbered[item])) },
    renumbered,
  };
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}

/** A run's stored recommender with its item index, as the fold-in needs it. */
export function loadedRecommender(stored: StoredRecommenderModel): LoadedModel {
  return { ...stored, indexOf: new Map(stored.itemIds.map((id, index) => [id, index])) };
}

/** The top items of each user of `events` (users with no item get none), as stored rows in user order. */
export interface StoredModelRecommendations {
  /** index into the given events.userIds per row */
  user: number[];
  rank: number[];
  item: string[];
  score: number[];
  reason: string[];
}

/**
 * The users' top items from a run's served recommender folded in over their items now (EASE and
 * item-kNN from the item rows of their items, ALS by solving their factor against the fixed item
 * factors); titles of their own items word the reasons.
 */
export function recommendWithStoredModel(
  model: LoadedModel,
  input: { events: EventTable; items: ItemTable; settings: PipelineSettings },
): StoredModelRecommendations {
  const { events, renumbered } = inModelOrder(input.events, model);
  const { interactions, kinds } = buildUserItemInteractionsWithKinds(events, {
    purchaseTypes: input.settings.purchaseTypes,
  });
  const popularity = new Float32Array(interactions.items);
  popularity.set(model.model.popularity);
  const itemTitles = new Array<string | null>(interactions.items).fill(null);
  // titles of the users' own items, which the reasons name ("similar to X you bought")
  renumbered.forEach((item, own) => {
    itemTitles[item] = input.items.titles[own];
  });
  const recommended = recommendForUsers({
    model: foldInRecommender(model.model, interactions),
    kinds,
    eventTypes: events.types,
    itemTitles,
    itemIds: events.itemIds,
    popularity,
    n: recommendationsPerUser,
  });
  const rows: StoredModelRecommendations = { user: [], rank: [], item: [], score: [], reason: [] };
  const { n } = recommended;
  for (let r = 0; r < recommended.users.length; r++) {
    for (let slot = 0; slot < n; slot++) {
      const item = recommended.items[r * n + slot];
      if (item < 0) break;
      rows.user.push(recommended.users[r]);
      rows.rank.push(slot + 1);
      rows.item.push(events.itemIds[item]);
      rows.score.push(round(recommended.scores[r * n + slot]));
      rows.reason.push(recommended.reasons[r][slot]?.text ?? '');
    }
  }
  return rows;
}

/**
 * The users' top items from the run's served recommender (recommendWithStoredModel), replacing
 * their stored recommendations. A predicted rating is kept for an item still recommended (the
 * rating model is not refitted here) and left empty for a new one. Runs trained before runs
 * stored their recommender are left as they are.
 */
export async function updateRecommendations(client: pg.PoolClient, input: AssignedUsers): Promise<number> {
  const model = await modelOf(client, input.runId);
  if (!model) return 0;
  const recommended = recommendWithStoredModel(model, input);
  const userIds = input.events.userIds;
  const previous = await client.query<{ user_id: string; item_id: string; predicted_rating: number | null }>(
    `SELECT user_id, item_id, predicted_rating FROM recommendations
     WHERE run_id = $1 AND user_id = ANY($2::text[]) AND predicted_rating IS NOT NULL`,
    [input.runId, userIds],
  );
  const rating = new Map(previous.rows.map((row) => [`${row.user_id}\u0000${row.item_id}`, row.predicted_rating]));
  const users = recommended.user.map((u) => userIds[u]);
  const ratings = users.map((userId, row) => rating.get(`${userId}\u0000${recommended.item[row]}`) ?? null);
  await client.query('DELETE FROM recommendations WHERE run_id = $1 AND user_id = ANY($2::text[])', [
    input.runId,
    userIds,
  ]);
  await client.query(
    `INSERT INTO recommendations (run_id, user_id, rank, item_id, score, reason, predicted_rating)
     SELECT $1, r.u, r.k, r.i, r.s, r.x, r.p
     FROM unnest($2::text[], $3::int[], $4::text[], $5::float8[], $6::text[], $7::float8[]) AS r(u, k, i, s, x, p)`,
    [input.runId, users, recommended.rank, recommended.item, recommended.score, recommended.reason, ratings],
  );
  return users.length;
}
