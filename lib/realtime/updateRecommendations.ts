import { numberArrayLiteral } from '@/lib/db/arrayLiteral';
import { getPool } from '@/lib/db/connection';
import type { WriteBehind } from '@/lib/db/writeBehind';
import { recommendForUsers } from '@/lib/ml/recommend/recommendForUsers';
import { foldInRecommender } from '@/lib/ml/recommend/servedItemModel';
import {
  buildUserItemInteractionsWithKinds,
  type InteractionKinds,
  type UserItemInteractions,
} from '@/lib/ml/recommend/userItemInteractions';
import type { EventTable, ItemTable, PipelineSettings } from '@/lib/ml/types';
import { recommenderArtifact, type StoredRecommenderModel, storedRecommenderFromJson } from './recommenderArtifact';
import { runModelCache } from './runModelCache';
import type { ItemPair } from './userEventState';

const recommendationsPerUser = 10;

export interface LoadedModel extends StoredRecommenderModel {
  indexOf: Map<string, number>;
}

const modelOf = runModelCache(async (db, runId): Promise<LoadedModel | null> => {
  const { rows } = await db.query<{ content: unknown }>(
    'SELECT content FROM run_artifacts WHERE run_id = $1 AND name = $2',
    [runId, recommenderArtifact],
  );
  return rows[0] ? loadedRecommender(storedRecommenderFromJson(rows[0].content)) : null;
});

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

/**
 * The users' item pairs as interactions in the model's item order (items new since training
 * follow), with how each was engaged, as `buildUserItemInteractionsWithKinds` gives them from all
 * their events.
 */
function pairsInModelOrder(pairs: ItemPair[][], model: LoadedModel) {
  const itemIds = model.itemIds.slice();
  const indexOf = new Map(model.indexOf);
  const types: string[] = [];
  const typeIndex = new Map<string, number>();
  const users = pairs.length;
  const userStart = new Int32Array(users + 1);
  for (let u = 0; u < users; u++) userStart[u + 1] = userStart[u] + pairs[u].length;
  const count = userStart[users];
  const itemIndex = new Int32Array(count);
  const lastTs = new Float64Array(count);
  const purchased = new Uint8Array(count);
  const rating = new Float64Array(count);
  const lastType = new Int32Array(count);
  for (let u = 0; u < users; u++) {
    const ordered = pairs[u]
      .map((pair) => {
        let item = indexOf.get(pair.itemId);
        if (item === undefined) {
          item = itemIds.length;
          itemIds.push(pair.itemId);
          indexOf.set(pair.itemId, item);
        }
        return { item, pair };
      })
      .sort((a, b) => a.item - b.item);
    ordered.forEach(({ item, pair }, k) => {
      const q = userStart[u] + k;
      itemIndex[q] = item;
      lastTs[q] = pair.lastTs;
      purchased[q] = pair.purchased ? 1 : 0;
      rating[q] = pair.rating ?? Number.NaN;
      let type = typeIndex.get(pair.lastType);
      if (type === undefined) {
        type = types.length;
        types.push(pair.lastType);
        typeIndex.set(pair.lastType, type);
      }
      lastType[q] = type;
    });
  }
  const interactions: UserItemInteractions = { users, items: itemIds.length, userStart, itemIndex, lastTs };
  const kinds: InteractionKinds = { purchased, rating, lastType };
  return { interactions, kinds, itemIds, types };
}

export interface RecommendationInput {
  runId: number;
  datasetId: number;
  userIds: string[];
  /** per user of userIds, every item they touched (their running state) */
  pairs: ItemPair[][];
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}

/** A run's stored recommender with its item index, as the fold-in needs it. */
export function loadedRecommender(stored: StoredRecommenderModel): LoadedModel {
  return { ...stored, indexOf: new Map(stored.itemIds.map((id, index) => [id, index])) };
}

/** The top items of each user (users with no item get none), as stored rows in user order. */
export interface StoredModelRecommendations {
  /** index into the given users per row */
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
function recommendFolded(
  model: LoadedModel,
  input: {
    interactions: UserItemInteractions;
    kinds: InteractionKinds;
    eventTypes: string[];
    itemIds: string[];
    itemTitles: (string | null)[];
  },
): StoredModelRecommendations {
  const { interactions, itemIds } = input;
  const popularity = new Float32Array(interactions.items);
  popularity.set(model.model.popularity);
  const recommended = recommendForUsers({
    model: foldInRecommender(model.model, interactions),
    kinds: input.kinds,
    eventTypes: input.eventTypes,
    itemTitles: input.itemTitles,
    itemIds,
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
      rows.item.push(itemIds[item]);
      rows.score.push(round(recommended.scores[r * n + slot]));
      rows.reason.push(recommended.reasons[r][slot]?.text ?? '');
    }
  }
  return rows;
}

/** recommendFolded over the users of `events` (training's every-user pass after a sample fit). */
export function recommendWithStoredModel(
  model: LoadedModel,
  input: { events: EventTable; items: ItemTable; settings: PipelineSettings },
): StoredModelRecommendations {
  const { events, renumbered } = inModelOrder(input.events, model);
  const { interactions, kinds } = buildUserItemInteractionsWithKinds(events, {
    purchaseTypes: input.settings.purchaseTypes,
  });
  const itemTitles = new Array<string | null>(interactions.items).fill(null);
  renumbered.forEach((item, own) => {
    itemTitles[item] = input.items.titles[own];
  });
  return recommendFolded(model, { interactions, kinds, eventTypes: events.types, itemIds: events.itemIds, itemTitles });
}

/**
 * The users' top items from the run's served recommender folded in over their running item pairs,
 * replacing their stored recommendations. A predicted rating is kept for an item still
 * recommended (the rating model is not refitted here) and left empty for a new one. Runs trained
 * before runs stored their recommender are left as they are. Written behind (`writes`), from reads
 * on another connection: the previous ratings are read before this update writes any.
 */
export async function updateRecommendations(writes: WriteBehind, input: RecommendationInput): Promise<number> {
  const pool = getPool();
  const model = await modelOf(pool, input.runId);
  if (!model) return 0;
  const { interactions, kinds, itemIds, types } = pairsInModelOrder(input.pairs, model);
  const ownItems = [...new Set(input.pairs.flatMap((list) => list.map((pair) => pair.itemId)))];
  const { rows: titled } = await pool.query<{ item_id: string; title: string | null }>(
    'SELECT item_id, title FROM items WHERE dataset_id = $1 AND item_id = ANY($2::text[])',
    [input.datasetId, ownItems],
  );
  const titleOf = new Map(titled.map((row) => [row.item_id, row.title]));
  const itemTitles = itemIds.map((id) => titleOf.get(id) ?? null);
  const recommended = recommendFolded(model, { interactions, kinds, eventTypes: types, itemIds, itemTitles });

  const userIds = input.userIds;
  const previous = await pool.query<{ user_id: string; item_id: string; predicted_rating: number | null }>(
    `SELECT user_id, item_id, predicted_rating FROM recommendations
     WHERE run_id = $1 AND user_id = ANY($2::text[]) AND predicted_rating IS NOT NULL`,
    [input.runId, userIds],
  );
  const rating = new Map(previous.rows.map((row) => [`${row.user_id}\u0000${row.item_id}`, row.predicted_rating]));
  const users = recommended.user.map((u) => userIds[u]);
  const ratings = users.map((userId, row) => rating.get(`${userId}\u0000${recommended.item[row]}`) ?? null);
  const counts = new Int32Array(userIds.length);
  for (const u of recommended.user) counts[u]++;
  // Ranks a user no longer fills go; the rest are rewritten in place where they changed.
  writes.write(
    `DELETE FROM recommendations r USING unnest($2::text[], $3::int[]) AS q(u, n)
     WHERE r.run_id = $1 AND r.user_id = q.u AND r.rank > q.n`,
    [input.runId, userIds, numberArrayLiteral(counts)],
  );
  writes.write(
    `INSERT INTO recommendations (run_id, user_id, rank, item_id, score, reason, predicted_rating)
     SELECT $1, r.u, r.k, r.i, r.s, r.x, r.p
     FROM unnest($2::text[], $3::int[], $4::text[], $5::float8[], $6::text[], $7::float8[]) AS r(u, k, i, s, x, p)
     ON CONFLICT (run_id, user_id, rank) DO UPDATE SET item_id = excluded.item_id, score = excluded.score,
       reason = excluded.reason, predicted_rating = excluded.predicted_rating
     WHERE (recommendations.item_id, recommendations.score, recommendations.reason, recommendations.predicted_rating)
       IS DISTINCT FROM (excluded.item_id, excluded.score, excluded.reason, excluded.predicted_rating)`,
    [
      input.runId,
      users,
      numberArrayLiteral(recommended.rank),
      recommended.item,
      numberArrayLiteral(recommended.score),
      recommended.reason,
      ratings,
    ],
  );
  return users.length;
}
