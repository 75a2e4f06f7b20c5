import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { findDatasetId } from '@/lib/datasets/ensureDataset';
import { readPipelineSettings } from '@/lib/datasets/readPipelineSettings';
import { getPool } from '@/lib/db/connection';
import { generateDemo } from '@/lib/demo/generateDemo';
import { importFiles } from '@/lib/ingest/importFiles';
import { ingestEventRecords } from '@/lib/ingest/ingestEventRecords';
import { type ProfileModel, profileModelArtifact, profileModelFromJson } from '@/lib/ml/features/profileModel';
import { profileWithModel } from '@/lib/ml/features/profileWithModel';
import type { EventTable } from '@/lib/ml/types';
import { drainProfileUpdates } from '@/lib/realtime/drainProfileUpdates';
import {
  foldUserEvents,
  profilesFromStates,
  selectUserEventStates,
  type UserEventStates,
} from '@/lib/realtime/userEventState';
import { readUserEventStates, writeUserEventStates } from '@/lib/realtime/userEventStateStore';
import { assignToActiveRun } from '@/lib/training/assignToActiveRun';
import { loadPipelineInput } from '@/lib/training/loadPipelineInput';
import { trainDataset } from '@/lib/training/trainDataset';

/** a text the analysers throw on, as a library might on input nobody foresaw */
const unreadableText = 'unreadable text \u{1F4A5}';
vi.mock('@/lib/ml/text/analyseText', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/ml/text/analyseText')>();
  return {
    ...original,
    analyseText: (text: string) => {
      if (text === unreadableText) throw new Error('the tokenizer gave up');
      return original.analyseText(text);
    },
  };
});

const datasetName = 'user-state-demo';
let datasetId: number;
let runId: number;
let model: ProfileModel;
/** users with text, and their states as the retrain wrote them (read before any update) */
let textUserIds: string[];
let trainedTextStates: UserEventStates;
let trainingStarted: Date;

/** The events of each user up to (not including) their last `keep` events, and those last ones. */
function splitLastEvents(events: EventTable, keep: number): { earlier: EventTable; later: EventTable } {
  const isLater = new Uint8Array(events.user.length);
  let end = events.user.length;
  for (let u = events.userIds.length - 1; u >= 0; u--) {
    let start = end;
    while (start > 0 && events.user[start - 1] === u) start--;
    for (let e = Math.max(start, end - keep); e < end; e++) isLater[e] = 1;
    end = start;
  }
  const pick = (wanted: number): EventTable => {
    const rows = [...isLater.keys()].filter((e) => isLater[e] === wanted);
    return {
      ...events,
      user: Int32Array.from(rows, (e) => events.user[e]),
      item: Int32Array.from(rows, (e) => events.item[e]),
      type: Int32Array.from(rows, (e) => events.type[e]),
      ts: Float64Array.from(rows, (e) => events.ts[e]),
      value: Float64Array.from(rows, (e) => events.value[e]),
      text: rows.map((e) => events.text[e]),
    };
  };
  return { earlier: pick(0), later: pick(1) };
}

/** States as compared: item pairs in item order, without which pairs the last fold touched. */
function comparable({ touchedPairs: _touched, ...states }: UserEventStates) {
  return {
    ...states,
    pairs: states.pairs.map((list) =>
      [...list].sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0)),
    ),
  };
}

async function storedFeatures(userIds: string[]): Promise<Map<string, string>> {
  const { rows } = await getPool().query<{
    user_id: string;
    features: string;
    vector: number[];
    segment_index: number;
  }>(
    'SELECT user_id, features::text AS features, vector, segment_index FROM user_profiles WHERE run_id = $1 AND user_id = ANY($2)',
    [runId, userIds],
  );
  return new Map(rows.map((row) => [row.user_id, JSON.stringify([row.features, row.vector, row.segment_index])]));
}

async function storedScores(userIds: string[]): Promise<string> {
  const { rows } = await getPool().query(
    'SELECT user_id, target, value FROM scores WHERE run_id = $1 AND user_id = ANY($2) ORDER BY user_id, target',
    [runId, userIds],
  );
  return JSON.stringify(rows);
}

describe('per-user running state', () => {
  beforeAll(async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), 'portrait-user-state-'));
    const demo = await generateDemo({ users: 800, seed: 7, outDir });
    expect((await importFiles({ datasetName, ...demo.files })).ok).toBe(true);
    datasetId = (await findDatasetId(datasetName)) as number;
    trainingStarted = new Date();
    runId = (await trainDataset(datasetId, { seed: 1, textModel: false })).runId;
    const { rows } = await getPool().query<{ content: unknown }>(
      'SELECT content FROM run_artifacts WHERE run_id = $1 AND name = $2',
      [runId, profileModelArtifact],
    );
    model = profileModelFromJson(rows[0].content);
    const withText = await getPool().query<{ user_id: string }>(
      `SELECT DISTINCT user_id FROM events WHERE dataset_id = $1 AND text IS NOT NULL ORDER BY user_id LIMIT 5 OFFSET 100`,
      [datasetId],
    );
    textUserIds = withText.rows.map((row) => row.user_id);
    trainedTextStates = (await readUserEventStates(getPool(), datasetId, runId, textUserIds, model)).states;
    while ((await drainProfileUpdates()).length > 0);
  }, 300_000);

  it('writes at retrain the states of users with text too, as a pass over all their events counts them', async () => {
    expect(textUserIds).toHaveLength(5);
    expect(model.text?.method).toBe('tfidf-svd');
    const settings = await readPipelineSettings(datasetId);
    const { events, items } = await loadPipelineInput(datasetId, undefined, {
      userIds: textUserIds,
      attributes: false,
    });
    const full = foldUserEvents({ events, items, settings, model });
    expect(full.textTermCounts.some((counts) => counts.size > 0)).toBe(true);
    expect(full.sentimentCount.some((count) => count > 0)).toBe(true);
    expect(comparable(trainedTextStates)).toEqual(comparable(full));
    // so their first update after the retrain takes only their new events
    const now = Date.now();
    const sent = textUserIds.map((user_id, u) => ({
      user_id,
      type: 'review',
      ts: now - u,
      text: 'Great, arrived fast',
    }));
    expect((await ingestEventRecords(datasetId, sent)).inserted).toBe(5);
    expect(await drainProfileUpdates()).toMatchObject([{ users: 5, incremental: 5, outcome: 'updated' }]);
  }, 60_000);

  it('folds users’ later events into the state of their earlier ones to exactly the state and profile of all their events', async () => {
    const settings = await readPipelineSettings(datasetId);
    const { events, items } = await loadPipelineInput(datasetId, undefined, { attributes: false });
    const { earlier, later } = splitLastEvents(events, 3);
    const incremental = foldUserEvents(
      { events: later, items, settings, model },
      foldUserEvents({ events: earlier, items, settings, model }),
    );
    const full = foldUserEvents({ events, items, settings, model });
    expect(comparable(incremental)).toEqual(comparable(full));

    const asOf = model.asOf;
    const fromState = profilesFromStates(incremental, model, asOf);
    const recomputed = await profileWithModel(events, items, settings, model, asOf);
    expect(fromState.featureNames).toEqual(recomputed.featureNames);
    expect(fromState.raw).toEqual(recomputed.raw);
    expect(fromState.vectors).toEqual(recomputed.vectors);
    expect(fromState.map).toEqual(recomputed.map);
    expect(fromState.sentiment).toEqual(recomputed.sentiment);
  }, 120_000);

  it('leaves the states it wrote at retrain analyzed, so the first updates are not planned blind', async () => {
    const { rows } = await getPool().query<{ relname: string; last_analyze: Date | null }>(
      `SELECT relname, last_analyze FROM pg_stat_user_tables
       WHERE relname IN ('user_event_state', 'user_item_state') ORDER BY relname`,
    );
    expect(rows.map((row) => row.relname)).toEqual(['user_event_state', 'user_item_state']);
    for (const row of rows) expect(row.last_analyze?.getTime() ?? 0).toBeGreaterThanOrEqual(trainingStarted.getTime());
  });

  it('writes states at retrain and updates them from only the new events, to what a full recompute gives', async () => {
    const { rows: sample } = await getPool().query<{ user_id: string }>(
      `SELECT s.user_id FROM user_event_state s WHERE s.dataset_id = $1 AND s.run_id = $2 ORDER BY s.user_id LIMIT 5`,
      [datasetId, runId],
    );
    const userIds = sample.map((row) => row.user_id);
    expect(userIds).toHaveLength(5);
    const now = Date.now();
    const sent = userIds.flatMap((userId, u) =>
      Array.from({ length: 4 }, (_, i) => ({
        user_id: userId,
        item_id: `state-item-${(u + i) % 3}`,
        type: i % 2 === 0 ? 'purchase' : 'view',
        ts: new Date(now - (10 - i) * 60_000).toISOString(),
        value: 10 + i,
      })),
    );
    expect((await ingestEventRecords(datasetId, sent)).inserted).toBe(sent.length);
    const drained = await drainProfileUpdates();
    expect(drained).toMatchObject([{ datasetId, runId, users: 5, incremental: 5, outcome: 'updated' }]);
    const incrementalProfiles = await storedFeatures(userIds);
    const incrementalScores = await storedScores(userIds);
    const { states } = await readUserEventStates(getPool(), datasetId, runId, userIds, model);

    // the full recompute: every event of these users read again
    const settings = await readPipelineSettings(datasetId);
    const { events, items } = await loadPipelineInput(datasetId, undefined, { userIds, attributes: false });
    const full = foldUserEvents({ events, items, settings, model });
    expect(comparable(states)).toEqual(comparable(full));
    await assignToActiveRun(datasetId, { userIds });
    expect(await storedFeatures(userIds)).toEqual(incrementalProfiles);
    expect(incrementalScores).not.toBe('[]');
  }, 120_000);

  it('counts a user again from all their events when a new event is dated before ones already counted', async () => {
    const { rows } = await getPool().query<{ user_id: string; first: Date }>(
      `SELECT s.user_id, min(e.ts) AS first FROM user_event_state s JOIN events e ON e.dataset_id = s.dataset_id AND e.user_id = s.user_id
       WHERE s.dataset_id = $1 AND s.run_id = $2 GROUP BY s.user_id ORDER BY s.user_id DESC LIMIT 1`,
      [datasetId, runId],
    );
    const userId = rows[0].user_id;
    const late = {
      user_id: userId,
      item_id: 'state-item-0',
      type: 'purchase',
      ts: rows[0].first.toISOString(),
      value: 3,
    };
    expect(
      (await ingestEventRecords(datasetId, [{ ...late, ts: new Date(rows[0].first.getTime() + 1).toISOString() }]))
        .inserted,
    ).toBe(1);
    expect(await drainProfileUpdates()).toMatchObject([{ users: 1, incremental: 0, outcome: 'updated' }]);
    const { states } = await readUserEventStates(getPool(), datasetId, runId, [userId], model);
    const settings = await readPipelineSettings(datasetId);
    const { events, items } = await loadPipelineInput(datasetId, undefined, { userIds: [userId], attributes: false });
    expect(comparable(states)).toEqual(comparable(foldUserEvents({ events, items, settings, model })));
  }, 60_000);
  it('counts a text the analysers cannot read for nothing, as training does, instead of failing the update', async () => {
    const { rows } = await getPool().query<{ user_id: string }>(
      'SELECT user_id FROM user_event_state WHERE dataset_id = $1 AND run_id = $2 ORDER BY user_id LIMIT 1 OFFSET 200',
      [datasetId, runId],
    );
    const userId = rows[0].user_id;
    const before = (await readUserEventStates(getPool(), datasetId, runId, [userId], model)).states;
    const accepted = await ingestEventRecords(datasetId, [
      { user_id: userId, type: 'review', ts: new Date().toISOString(), text: unreadableText },
    ]);
    expect(accepted.inserted).toBe(1);
    expect(await drainProfileUpdates()).toMatchObject([{ users: 1, incremental: 1, outcome: 'updated' }]);
    const after = (await readUserEventStates(getPool(), datasetId, runId, [userId], model)).states;
    expect(after.totals.total[0]).toBe(before.totals.total[0] + 1);
    expect(after.textTermCounts).toEqual(before.textTermCounts);
    expect(Array.from(after.sentimentCount)).toEqual(Array.from(before.sentimentCount));
  }, 60_000);

  it("a drain and a retrain writing the same users' states at once wait for each other instead of deadlocking", async () => {
    const pool = getPool();
    const { rows } = await pool.query<{ user_id: string }>(
      'SELECT user_id FROM user_event_state WHERE dataset_id = $1 AND run_id = $2 ORDER BY user_id LIMIT 2',
      [datasetId, runId],
    );
    const [first, second] = rows.map((row) => row.user_id);
    const settings = await readPipelineSettings(datasetId);
    const { events, items } = await loadPipelineInput(datasetId, undefined, {
      userIds: [first, second],
      attributes: false,
    });
    // the retrain writes users in its (sorted) order, the drain in its queue's, here the other way round
    const sorted = foldUserEvents({ events, items, settings, model });
    const queueOrder = selectUserEventStates(sorted, [1, 0]);
    const [blocker, retrain, drain] = await Promise.all([pool.connect(), pool.connect(), pool.connect()]);
    const waitingOnALock = async (client: typeof blocker) => {
      const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      return async () => {
        for (let tries = 0; tries < 200; tries++) {
          const { rows: activity } = await pool.query<{ wait_event_type: string | null }>(
            'SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1',
            [pid],
          );
          if (activity[0]?.wait_event_type === 'Lock') return;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        throw new Error('the write never waited on the held row');
      };
    };
    const retrainWaits = await waitingOnALock(retrain);
    const drainWaits = await waitingOnALock(drain);
    try {
      // a third transaction holds the first user's row, so the two writes line up behind it: the
      // retrain first, then the drain; each takes its users' rows in turn once it is let go
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM user_event_state WHERE dataset_id = $1 AND user_id = $2 FOR UPDATE', [
        datasetId,
        first,
      ]);
      await retrain.query('BEGIN');
      const retrainWrite = writeUserEventStates(retrain, datasetId, runId, sorted, model, { keepSameRun: true });
      retrainWrite.catch(() => {});
      await retrainWaits();
      await drain.query('BEGIN');
      const drainWrite = writeUserEventStates(drain, datasetId, runId, queueOrder, model);
      drainWrite.catch(() => {});
      await drainWaits();
      await blocker.query('ROLLBACK');
      const outcomes = await Promise.allSettled([
        retrainWrite.then(() => retrain.query('COMMIT')),
        drainWrite.then(() => drain.query('COMMIT')),
      ]);
      expect(outcomes.map((outcome) => (outcome.status === 'rejected' ? String(outcome.reason) : 'ok'))).toEqual([
        'ok',
        'ok',
      ]);
    } finally {
      for (const client of [blocker, retrain, drain]) {
        await client.query('ROLLBACK').catch(() => {});
        client.release();
      }
    }
  }, 60_000);
});
