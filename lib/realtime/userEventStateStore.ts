import type pg from 'pg';
import { numberArrayLiteral } from '@/lib/db/arrayLiteral';
import type { ProfileModel } from '@/lib/ml/features/profileModel';
import { totalsFields, type UserEventTotals } from '@/lib/ml/features/userEventTotals';
import type { ItemPair, UserEventStates } from './userEventState';

type Queryable = Pick<pg.PoolClient, 'query'>;

interface StateRow {
  user_id: string;
  totals: number[];
  embedding_counts: number[];
  text_term_counts: number[];
  text_vector_sum: number[];
  sentiment: number[];
}

interface PairRow {
  user_id: string;
  item_id: string;
  last_ts: number;
  purchased: boolean;
  rating: number | null;
  last_type: string;
}

function widths(model: ProfileModel) {
  return {
    typeCount: model.behaviour.topTypes.length,
    categoryCount: model.behaviour.topCategories.length,
    dimension: model.text?.method === 'transformers' ? model.text.dimension : 0,
  };
}

function flatCounts(counts: Map<number, number>): number[] {
  const flat: number[] = [];
  for (const [column, count] of counts) flat.push(column, count);
  return flat;
}

function countsOf(flat: number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (let k = 0; k + 1 < flat.length; k += 2) counts.set(flat[k], flat[k + 1]);
  return counts;
}

/** The states of users in the order of `userIds` from stored rows (every user must have one). */
function statesFromRows(
  userIds: string[],
  rows: Map<string, StateRow>,
  pairsOf: Map<string, ItemPair[]>,
  model: ProfileModel,
): UserEventStates {
  const users = userIds.length;
  const { typeCount, categoryCount, dimension } = widths(model);
  const fields = totalsFields(typeCount, categoryCount);
  const totals = Object.fromEntries(
    fields.map(([name, width]) => [name, new Float64Array(users * width)]),
  ) as unknown as UserEventTotals;
  const states: UserEventStates = {
    userIds,
    totals,
    embeddingCounts: [],
    textTermCounts: [],
    textVectorSums: new Float32Array(users * dimension),
    sentimentSum: new Float64Array(users),
    sentimentCount: new Float64Array(users),
    pairs: [],
    touchedPairs: [],
  };
  userIds.forEach((userId, u) => {
    const row = rows.get(userId);
    if (!row) throw new Error(`no stored state for ${userId}`);
    let at = 0;
    for (const [name, width] of fields) {
      for (let k = 0; k < width; k++) totals[name][u * width + k] = row.totals[at++];
    }
    states.embeddingCounts.push(countsOf(row.embedding_counts));
    states.textTermCounts.push(countsOf(row.text_term_counts));
    if (dimension > 0) states.textVectorSums.set(row.text_vector_sum, u * dimension);
    states.sentimentSum[u] = row.sentiment[0];
    states.sentimentCount[u] = row.sentiment[1];
    states.pairs.push(pairsOf.get(userId) ?? []);
    states.touchedPairs.push(new Set());
  });
  return states;
}

/**
 * The stored states of those `userIds` whose row follows `runId` with the model's widths, in the
 * order asked; users without one (new, or counted under another run) are listed apart. The rows
 * stay locked until the caller's transaction ends (taken in user order, so two updates never wait
 * on each other in a cycle): a second update of the same user waits and then reads the state the
 * first one wrote, rather than folding the same events into an older one.
 */
export async function readUserEventStates(
  client: Queryable,
  datasetId: number,
  runId: number,
  userIds: string[],
  model: ProfileModel,
): Promise<{ states: UserEventStates; missing: string[] }> {
  const { typeCount, categoryCount } = widths(model);
  const width = totalsFields(typeCount, categoryCount).reduce((sum, [, w]) => sum + w, 0);
  // Both reads probe the key once per user: given the list as `user_id = ANY($2)`, the planner
  // read every pair row of the dataset (350,000 on the 100,000-user demo) to keep a thousand
  // users' 3,500, and ANDed the run's whole index into the states' read. Each probe locks its
  // row, so the users are probed in order.
  const { rows } = await client.query<StateRow>(
    `SELECT s.user_id, s.totals, s.embedding_counts, s.text_term_counts, s.text_vector_sum, s.sentiment
     FROM (SELECT id FROM unnest($2::text[]) AS t(id) ORDER BY id) u
     CROSS JOIN LATERAL (SELECT * FROM user_event_state WHERE dataset_id = $1 AND user_id = u.id AND run_id = $3
                         AND cardinality(totals) = $4 OFFSET 0) s
     ORDER BY s.user_id FOR UPDATE OF s`,
    [datasetId, userIds, runId, width],
  );
  const found = new Map(rows.map((row) => [row.user_id, row]));
  const present = userIds.filter((userId) => found.has(userId));
  const { rows: pairRows } = await client.query<PairRow>(
    `SELECT p.user_id, p.item_id, p.last_ts, p.purchased, p.rating, p.last_type FROM unnest($2::text[]) AS u(id)
     CROSS JOIN LATERAL (SELECT * FROM user_item_state WHERE dataset_id = $1 AND user_id = u.id OFFSET 0) p
     ORDER BY p.user_id, p.item_id`,
    [datasetId, present],
  );
  const pairsOf = new Map<string, ItemPair[]>();
  for (const row of pairRows) {
    let list = pairsOf.get(row.user_id);
    if (!list) {
      list = [];
      pairsOf.set(row.user_id, list);
    }
    list.push({
      itemId: row.item_id,
      lastTs: row.last_ts,
      purchased: row.purchased,
      rating: row.rating,
      lastType: row.last_type,
    });
  }
  return {
    states: statesFromRows(present, found, pairsOf, model),
    missing: userIds.filter((userId) => !found.has(userId)),
  };
}

/**
 * Writes users' states as following `runId`, replacing what was stored for them (with
 * keepSameRun, except states already following `runId`).
 */
export async function writeUserEventStates(
  client: Queryable,
  datasetId: number,
  runId: number,
  states: UserEventStates,
  model: ProfileModel,
  options: { keepSameRun?: boolean } = {},
): Promise<void> {
  const { typeCount, categoryCount, dimension } = widths(model);
  const fields = totalsFields(typeCount, categoryCount);
  const users = states.userIds.length;
  const columns = { totals: [] as string[], embedding: [] as string[], terms: [] as string[], text: [] as string[] };
  const sentiment: string[] = [];
  const totals: number[] = [];
  for (let u = 0; u < users; u++) {
    totals.length = 0;
    for (const [name, width] of fields) {
      for (let k = 0; k < width; k++) totals.push(states.totals[name][u * width + k]);
    }
    columns.totals.push(numberArrayLiteral(totals));
    columns.embedding.push(numberArrayLiteral(flatCounts(states.embeddingCounts[u])));
    columns.terms.push(numberArrayLiteral(flatCounts(states.textTermCounts[u])));
    columns.text.push(numberArrayLiteral(states.textVectorSums.subarray(u * dimension, (u + 1) * dimension)));
    sentiment.push(numberArrayLiteral([states.sentimentSum[u], states.sentimentCount[u]]));
  }
  // Rows are inserted, or their existing row locked, in user_id order whoever writes (the drain
  // in its queue's order, the retrain chunk by chunk, sorted): two writers of the same users
  // then wait for each other's users one way only. In the callers' orders a drain holding a user
  // the retrain comes to later, while waiting for one the retrain already took (a new user's row
  // both insert included), deadlocked. A user's user_item_state rows are written only by whoever
  // holds their user_event_state row here, so they need no order of their own.
  const written = await client.query<{ user_id: string }>(
    `INSERT INTO user_event_state (dataset_id, user_id, run_id, totals, embedding_counts, text_term_counts,
       text_vector_sum, sentiment, updated_at)
     SELECT $1, s.user_id, $2, s.totals::float8[], s.embedding::int[], s.terms::int[], s.text::real[],
       s.sentiment::float8[], clock_timestamp()
     FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
       AS s(user_id, totals, embedding, terms, text, sentiment)
     ORDER BY s.user_id
     ON CONFLICT (dataset_id, user_id) DO UPDATE SET run_id = excluded.run_id, totals = excluded.totals,
       embedding_counts = excluded.embedding_counts, text_term_counts = excluded.text_term_counts,
       text_vector_sum = excluded.text_vector_sum, sentiment = excluded.sentiment, updated_at = excluded.updated_at
     ${options.keepSameRun ? 'WHERE user_event_state.run_id <> excluded.run_id' : ''}
     RETURNING user_id`,
    [datasetId, runId, states.userIds, columns.totals, columns.embedding, columns.terms, columns.text, sentiment],
  );
  // Item pairs of the users written: all of them where counted from nothing, else those the new events touched.
  const writtenUsers = options.keepSameRun ? new Set(written.rows.map((row) => row.user_id)) : null;
  const replaced: string[] = [];
  const pairs = { user: [] as string[], item: [] as string[], ts: [] as number[], purchased: [] as boolean[] };
  const ratings: (number | null)[] = [];
  const types: string[] = [];
  for (let u = 0; u < users; u++) {
    const userId = states.userIds[u];
    if (writtenUsers && !writtenUsers.has(userId)) continue;
    const touched = states.touchedPairs[u];
    if (!touched) replaced.push(userId);
    for (const pair of states.pairs[u]) {
      if (touched && !touched.has(pair.itemId)) continue;
      pairs.user.push(userId);
      pairs.item.push(pair.itemId);
      pairs.ts.push(pair.lastTs);
      pairs.purchased.push(pair.purchased);
      ratings.push(pair.rating);
      types.push(pair.lastType);
    }
  }
  if (replaced.length > 0) {
    // the rows found by a key probe per user, for the reason readUserEventStates gives
    await client.query(
      `DELETE FROM user_item_state WHERE ctid = ANY(ARRAY(
         SELECT p.ctid FROM unnest($2::text[]) AS u(id)
         CROSS JOIN LATERAL (SELECT ctid FROM user_item_state WHERE dataset_id = $1 AND user_id = u.id OFFSET 0) p))`,
      [datasetId, replaced],
    );
  }
  if (pairs.user.length > 0) {
    await client.query(
      `INSERT INTO user_item_state (dataset_id, user_id, item_id, last_ts, purchased, rating, last_type)
       SELECT $1, p.u, p.i, p.t, p.b, p.r, p.k
       FROM unnest($2::text[], $3::text[], $4::float8[], $5::bool[], $6::float8[], $7::text[]) AS p(u, i, t, b, r, k)
       ON CONFLICT (dataset_id, user_id, item_id) DO UPDATE SET last_ts = excluded.last_ts,
         purchased = excluded.purchased, rating = excluded.rating, last_type = excluded.last_type`,
      [datasetId, pairs.user, pairs.item, numberArrayLiteral(pairs.ts), pairs.purchased, ratings, types],
    );
  }
}
