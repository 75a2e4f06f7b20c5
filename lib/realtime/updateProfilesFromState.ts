import type pg from 'pg';
import { readPipelineSettings } from '@/lib/datasets/readPipelineSettings';
import { numberArrayLiteral } from '@/lib/db/arrayLiteral';
import { writeBehind } from '@/lib/db/writeBehind';
import { type ProfileModel, profileModelArtifact, profileModelFromJson } from '@/lib/ml/features/profileModel';
import { readableFeatures } from '@/lib/ml/features/readableFeatures';
import { referenceTime } from '@/lib/ml/features/referenceTime';
import { assignToNearestCentroids } from '@/lib/ml/segment/kmeans';
import { sentenceVectorsOfEvents } from '@/lib/ml/text/applyTextVectors';
import type { TextEmbedderStatus } from '@/lib/ml/text/loadTextEmbedder';
import type { DenseMatrix, EventTable, ItemTable } from '@/lib/ml/types';
import { lockRunSegments } from '@/lib/runs/lockRunSegments';
import { segmentSizeChanges } from '@/lib/runs/resizeSegments';
import {
  AssignmentError,
  activeRunOf,
  mapByNearestStoredUser,
  recordReassignment,
  sampleKeyOf,
  storedRows,
} from '@/lib/training/assignToActiveRun';
import { loadPipelineInput } from '@/lib/training/loadPipelineInput';
import { createPostgresEmbeddingCache } from '@/lib/training/postgresEmbeddingCache';
import { runModelCache } from './runModelCache';
import { updateAttributeGuesses } from './updateAttributeGuesses';
import { updateRecommendations } from './updateRecommendations';
import { updateScores } from './updateScores';
import {
  concatUserEventStates,
  foldUserEvents,
  profilesFromStates,
  selectUserEventStates,
  type UserEventStates,
} from './userEventState';
import { readUserEventStates, writeUserEventStates } from './userEventStateStore';

export interface StateUpdateOptions {
  /** transformers runs: how to get the run's model for texts its cache lacks (`<model>:<dtype>`); without it they are left out */
  textEmbedderFor?: (runModelId: string) => () => Promise<TextEmbedderStatus>;
}

export interface StateUpdateResult {
  runId: number;
  /** users whose profile, scores and recommendations were written */
  updated: number;
  /** of those, users whose stored state took only their new events */
  incremental: number;
  /** users named without any event */
  withoutEvents: string[];
  textsWithoutVector: number;
  textReason?: string;
}

interface RunModels {
  model: ProfileModel;
  centroids: DenseMatrix;
  segmentIndex: number[];
}

const runModelsOf = runModelCache(async (client, runId): Promise<RunModels | null> => {
  const [artifact, segments] = await Promise.all([
    client.query<{ content: unknown }>('SELECT content FROM run_artifacts WHERE run_id = $1 AND name = $2', [
      runId,
      profileModelArtifact,
    ]),
    client.query<{ index: number; centroid: number[] }>(
      'SELECT index, centroid FROM segments WHERE run_id = $1 ORDER BY index',
      [runId],
    ),
  ]);
  return artifact.rows[0]
    ? {
        model: profileModelFromJson(artifact.rows[0].content),
        centroids: storedRows(segments.rows.map((segment) => segment.centroid)),
        segmentIndex: segments.rows.map((segment) => segment.index),
      }
    : null;
});

interface EventRow {
  u: number;
  item_id: string | null;
  type: string;
  ms: number;
  value: number | null;
  text: string | null;
}

/** Rows sorted by user position, then time, as an EventTable over `userIds`, with their items. */
async function eventTableOf(
  client: pg.PoolClient,
  datasetId: number,
  userIds: string[],
  rows: EventRow[],
): Promise<{ events: EventTable; items: ItemTable }> {
  const itemIds: string[] = [];
  const itemOf = new Map<string, number>();
  const types: string[] = [];
  const typeOf = new Map<string, number>();
  const n = rows.length;
  const events: EventTable = {
    userIds,
    itemIds,
    types,
    user: new Int32Array(n),
    item: new Int32Array(n),
    type: new Int32Array(n),
    ts: new Float64Array(n),
    value: new Float64Array(n),
    text: new Array(n),
  };
  rows.forEach((row, e) => {
    events.user[e] = row.u;
    let item = -1;
    if (row.item_id !== null) {
      item = itemOf.get(row.item_id) ?? -1;
      if (item < 0) {
        item = itemIds.length;
        itemIds.push(row.item_id);
        itemOf.set(row.item_id, item);
      }
    }
    events.item[e] = item;
    let type = typeOf.get(row.type);
    if (type === undefined) {
      type = types.length;
      types.push(row.type);
      typeOf.set(row.type, type);
    }
    events.type[e] = type;
    events.ts[e] = row.ms;
    events.value[e] = row.value ?? Number.NaN;
    events.text[e] = row.text;
  });
  const { rows: itemRows } = await client.query<{
    item_id: string;
    title: string | null;
    categories: string[];
    price: number | null;
  }>('SELECT item_id, title, categories, price FROM items WHERE dataset_id = $1 AND item_id = ANY($2::text[])', [
    datasetId,
    itemIds,
  ]);
  const byId = new Map(itemRows.map((row) => [row.item_id, row]));
  const items: ItemTable = {
    titles: itemIds.map((id) => byId.get(id)?.title ?? null),
    categories: itemIds.map((id) => byId.get(id)?.categories ?? []),
    price: Float64Array.from(itemIds, (id) => byId.get(id)?.price ?? Number.NaN),
  };
  return { events, items };
}

/**
 * Brings the profiles of `userIds` up to their events under the dataset's active run, inside the
 * caller's transaction: each user's stored running state (user_event_state) takes only the events
 * after the latest one it counted, so the work per user follows their new events, not their
 * history. A user without a state of this run, or whose state no longer adds up to their events
 * (an event dated before ones already counted, a state written before events it missed), is
 * counted again from all their events. From the states: profile vectors, segment, map position,
 * readable features, the churn, propensity, goal and predicted value scores, the guesses of the
 * attributes they lack, and recommendations folded in, each written for all users at once.
 */
export async function updateProfilesFromState(
  client: pg.PoolClient,
  datasetId: number,
  userIds: string[],
  options: StateUpdateOptions = {},
): Promise<StateUpdateResult> {
  const run = await activeRunOf(datasetId, client);
  const models = await runModelsOf(client, run.id);
  if (!models) {
    throw new AssignmentError(
      'no_profile_model',
      `Run ${run.id} was trained before runs stored their profile model; retrain once to assign users incrementally`,
    );
  }
  const { model } = models;
  const settings = await readPipelineSettings(datasetId);
  const requested = [...new Set(userIds)];
  const result: StateUpdateResult = {
    runId: run.id,
    updated: 0,
    incremental: 0,
    withoutEvents: [],
    textsWithoutVector: 0,
  };

  const textModel = model.text?.method === 'transformers' ? model.text : null;
  const sentenceVectors = async (events: EventTable) => {
    if (!textModel) return undefined;
    const { known, reason, textsWithoutVector } = await sentenceVectorsOfEvents(events, textModel, {
      cache: createPostgresEmbeddingCache(textModel.model),
      loadEmbedder: options.textEmbedderFor?.(textModel.model),
    });
    result.textsWithoutVector += textsWithoutVector;
    if (reason && result.textsWithoutVector > 0) result.textReason = reason;
    return known;
  };

  // Users with a state: their events after its latest one, and how many events they have in all.
  const stored = await readUserEventStates(client, datasetId, run.id, requested, model);
  const rebuild = [...stored.missing];
  const parts: UserEventStates[] = [];
  if (stored.states.userIds.length > 0) {
    const present = stored.states.userIds;
    const { rows } = await client.query<EventRow & { all_events: number }>(
      `SELECT q.ord::int - 1 AS u, e.item_id, e.type, (extract(epoch FROM e.ts) * 1000)::float8 AS ms, e.value, e.text,
         NULL::int AS all_events
       FROM unnest($2::text[], $3::float8[]) WITH ORDINALITY AS q(user_id, last_ms, ord)
       JOIN events e ON e.dataset_id = $1 AND e.user_id = q.user_id
         AND e.ts > timestamptz 'epoch' + q.last_ms * interval '1 millisecond'
       UNION ALL
       SELECT q.ord::int - 1, NULL::text, ''::text, 0::float8, NULL::float8, NULL::text,
         (SELECT count(*)::int FROM events e WHERE e.dataset_id = $1 AND e.user_id = q.user_id)
       FROM unnest($2::text[]) WITH ORDINALITY AS q(user_id, ord)
       ORDER BY 1, 4`,
      [datasetId, present, Array.from(stored.states.totals.last)],
    );
    const allEvents = new Float64Array(present.length);
    const newRows: EventRow[] = [];
    for (const row of rows) {
      if (row.all_events === null) newRows.push(row);
      else allEvents[row.u] = row.all_events;
    }
    const { events, items } = await eventTableOf(client, datasetId, present, newRows);
    const folded = foldUserEvents(
      { events, items, settings, model, sentenceVectors: await sentenceVectors(events) },
      stored.states,
    );
    // A state that does not add up to the user's events missed some (dated before its latest) or counted some twice.
    const keep: number[] = [];
    for (let u = 0; u < present.length; u++) {
      if (folded.totals.total[u] === allEvents[u]) keep.push(u);
      else rebuild.push(present[u]);
    }
    parts.push(keep.length === present.length ? folded : selectUserEventStates(folded, keep));
    result.incremental = keep.length;
  }
  if (rebuild.length > 0) {
    const { events, items } = await loadPipelineInput(datasetId, undefined, { userIds: rebuild, attributes: false });
    const found = new Set(events.userIds);
    result.withoutEvents = rebuild.filter((id) => !found.has(id));
    if (events.userIds.length > 0) {
      parts.push(foldUserEvents({ events, items, settings, model, sentenceVectors: await sentenceVectors(events) }));
    }
  }
  if (parts.length === 0) return result;
  const states = concatUserEventStates(parts);
  const users = states.userIds.length;
  if (users === 0) return result;

  const asOf = Math.max(model.asOf, referenceTime(states.totals.last).ms);
  const profiles = profilesFromStates(states, model, asOf);
  const nearest = assignToNearestCentroids(profiles.vectors, models.centroids);
  const labels = Int32Array.from(nearest.labels, (position) => models.segmentIndex[position]);
  const map = profiles.map ?? (await mapByNearestStoredUser(run.id, profiles.vectors, states.userIds));

  await lockRunSegments(client, [run.id]);
  const previous = await client.query<{ user_id: string; segment_index: number; churn: number | null }>(
    `SELECT user_id, segment_index, (features->>'churn')::float8 AS churn FROM user_profiles
     WHERE run_id = $1 AND user_id = ANY($2::text[])`,
    [run.id, states.userIds],
  );
  const before = new Map(previous.rows.map((row) => [row.user_id, row]));
  const sizeChanges = segmentSizeChanges(
    states.userIds.map((userId) => before.get(userId)?.segment_index ?? null),
    labels,
  );
  let changed = false;
  const features = states.userIds.map((userId, u) => {
    const old = before.get(userId);
    if (!old || old.segment_index !== labels[u]) changed = true;
    return JSON.stringify(
      readableFeatures(profiles.featureNames, profiles.raw, u, {
        churn: old?.churn ?? undefined,
        sentiment: profiles.sentiment[u],
      }),
    );
  });
  const width = profiles.vectors.cols;
  // From here the update only writes, behind: each step computes while Postgres applies the
  // previous steps' writes (reading what it needs on another connection), so a batch takes about
  // the longer of the two rather than their sum. The order of the writes is the order below.
  const writes = writeBehind(client);
  try {
    writes.write(
      `INSERT INTO user_profiles (run_id, user_id, segment_index, vector, map_x, map_y, distance, sample_key, features,
       updated_at, events_through)
     SELECT $1, r.user_id, r.segment, ($2::real[])[(r.ord - 1) * $3 + 1 : r.ord * $3], r.x, r.y, r.distance, r.sample_key,
       r.features::jsonb, clock_timestamp(), timestamptz 'epoch' + r.last_ms * interval '1 millisecond'
     FROM unnest($4::text[], $5::int[], $6::real[], $7::real[], $8::real[], $9::real[], $10::text[], $11::float8[])
       WITH ORDINALITY AS r(user_id, segment, x, y, distance, sample_key, features, last_ms, ord)
     ON CONFLICT (run_id, user_id) DO UPDATE SET segment_index = excluded.segment_index, vector = excluded.vector,
       map_x = excluded.map_x, map_y = excluded.map_y, distance = excluded.distance, features = excluded.features,
       updated_at = excluded.updated_at, events_through = excluded.events_through`,
      [
        run.id,
        numberArrayLiteral(profiles.vectors.data),
        width,
        states.userIds,
        numberArrayLiteral(labels),
        numberArrayLiteral(map.x),
        numberArrayLiteral(map.y),
        numberArrayLiteral(Float32Array.from(nearest.squaredDistances, Math.sqrt)),
        numberArrayLiteral(states.userIds.map(sampleKeyOf)),
        features,
        numberArrayLiteral(profiles.lastEventMs),
      ],
    );
    await recordReassignment(writes.client, { runId: run.id, datasetId, users, segmentsChanged: changed, sizeChanges });
    await writeUserEventStates(writes.client, datasetId, run.id, states, model);
    await updateScores(writes, {
      runId: run.id,
      datasetId,
      userIds: states.userIds,
      behaviour: profiles.raw,
      asOf,
      totals: states.totals,
      purchaseTypes: settings.purchaseTypes,
    });
    await updateAttributeGuesses(writes, {
      runId: run.id,
      datasetId,
      userIds: states.userIds,
      profile: profiles.vectors,
      pairs: states.pairs,
    });
    await updateRecommendations(writes, { runId: run.id, datasetId, userIds: states.userIds, pairs: states.pairs });
    await writes.flush();
  } finally {
    await writes.settle();
  }
  result.updated = users;
  return result;
}
