import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as postEvents } from '@/app/api/datasets/[id]/events/route';
import { GET as getAppProfile } from '@/app/api/v1/datasets/[id]/profiles/[userId]/route';
import { createApiKey } from '@/lib/auth/apiKeys';
import { findDatasetId } from '@/lib/datasets/ensureDataset';
import { readPipelineSettings } from '@/lib/datasets/readPipelineSettings';
import { getPool } from '@/lib/db/connection';
import { generateDemo } from '@/lib/demo/generateDemo';
import { importFiles } from '@/lib/ingest/importFiles';
import { profileModelFromJson } from '@/lib/ml/features/profileModel';
import { profileWithModel } from '@/lib/ml/features/profileWithModel';
import { referenceTime } from '@/lib/ml/features/referenceTime';
import { segmentSizeSentence } from '@/lib/ml/persona/segmentSizeSentence';
import { attributeModelFeatures, guessAttributes, restoreAttributeModels } from '@/lib/ml/predict/attributeModels';
import { purchaseTypeMask } from '@/lib/ml/predict/purchaseHistory';
import { purchasesAsOf } from '@/lib/ml/predict/servedValue';
import { buildUserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import { getDatasetOverview } from '@/lib/queries/getDatasetOverview';
import { getSegmentDetail } from '@/lib/queries/getSegmentDetail';
import { getUserProfile } from '@/lib/queries/getUserProfile';
import { listSegments } from '@/lib/queries/listSegments';
import { attributeModelArtifact, attributeModelsFromJson } from '@/lib/realtime/attributeModelArtifact';
import { drainProfileUpdates } from '@/lib/realtime/drainProfileUpdates';
import { updateLagHeader } from '@/lib/realtime/profileUpdateLag';
import type { StoredScoreModel } from '@/lib/realtime/scoreModelArtifact';
import { startProfileUpdater } from '@/lib/realtime/startProfileUpdater';
import { freeScoreModels, restoreScoreModels, scoreWithModels } from '@/lib/realtime/updateScores';
import { assignToActiveRun } from '@/lib/training/assignToActiveRun';
import { loadPipelineInput } from '@/lib/training/loadPipelineInput';
import { trainDataset } from '@/lib/training/trainDataset';
import { spawnWorker } from '@/test/helpers/spawnWorker';

const datasetName = 'realtime-demo';
let datasetId: number;
let runId: number;
let ingestKey: string;
let readKey: string;

interface StoredProfile {
  segment_index: number;
  features: Record<string, unknown>;
  updated_at: Date | null;
  events_through: Date | null;
}

async function storedProfile(userId: string): Promise<StoredProfile | undefined> {
  const { rows } = await getPool().query<StoredProfile>(
    'SELECT segment_index, features, updated_at, events_through FROM user_profiles WHERE run_id = $1 AND user_id = $2',
    [runId, userId],
  );
  return rows[0];
}

async function queued(userId?: string): Promise<number> {
  const { rows } = await getPool().query<{ n: number }>(
    'SELECT count(*)::int AS n FROM profile_update_queue WHERE dataset_id = $1 AND ($2::text IS NULL OR user_id = $2)',
    [datasetId, userId ?? null],
  );
  return rows[0].n;
}

function post(events: unknown[]) {
  return postEvents(
    new Request(`http://localhost/api/datasets/${datasetId}/events`, {
      method: 'POST',
      body: JSON.stringify(events),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ingestKey}` },
    }),
    { params: Promise.resolve({ id: String(datasetId) }) },
  );
}

async function readProfileOverHttp(userId: string) {
  const response = await getAppProfile(
    new Request(`http://localhost/api/v1/datasets/${datasetId}/profiles/${encodeURIComponent(userId)}`, {
      headers: { authorization: `Bearer ${readKey}` },
    }),
    { params: Promise.resolve({ id: String(datasetId), userId }) },
  );
  expect(response.status).toBe(200);
  return response.json();
}

/** A purchase burst one minute apart, ending now, so the newest event is the one just sent. */
function purchases(userId: string, count: number, items: string[]) {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => ({
    user_id: userId,
    item_id: items[i % items.length],
    type: 'purchase',
    ts: new Date(now - (count - i) * 60_000).toISOString(),
    value: 25,
  }));
}

describe('real-time profile updates', () => {
  beforeAll(async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), 'portrait-realtime-'));
    const demo = await generateDemo({ users: 1200, seed: 11, outDir });
    expect((await importFiles({ datasetName, ...demo.files })).ok).toBe(true);
    datasetId = (await findDatasetId(datasetName)) as number;
    runId = (await trainDataset(datasetId, { seed: 1, textModel: false })).runId;
    ingestKey = (await createApiKey(datasetId, 'realtime ingest')).key;
    readKey = (await createApiKey(datasetId, 'realtime read', undefined, ['profiles:read'])).key;
    // updates other test files left behind
    while ((await drainProfileUpdates()).length > 0);
  }, 300_000);

  it('answers a POST once events are stored, with the update lag, and queues the senders', async () => {
    const response = await post(purchases('rt-new-1', 3, ['sku-1', 'sku-2']));
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ ok: true, inserted: 3, update: { queuedUsers: 1, pending: 1 } });
    expect(Number(response.headers.get(updateLagHeader))).toBe(body.update.lagMs);
    expect(body.update.lagMs).toBeGreaterThanOrEqual(0);
    // accepted, not yet applied: the answer did not wait for the update
    expect(await storedProfile('rt-new-1')).toBeUndefined();
    expect(await queued('rt-new-1')).toBe(1);
    const before = await getUserProfile(datasetId, 'rt-new-1');
    expect(before.freshness).toMatchObject({ runId, updatePending: true, updatedAt: null });

    const drained = await drainProfileUpdates();
    expect(drained).toMatchObject([{ datasetId, runId, users: 1, outcome: 'updated' }]);
    expect(await queued()).toBe(0);
    const stored = await storedProfile('rt-new-1');
    expect(stored?.updated_at).toBeInstanceOf(Date);
    // the newest event sent was a minute before the POST
    expect(Date.now() - (stored?.events_through?.getTime() ?? 0)).toBeLessThan(5 * 60_000);
    const after = await readProfileOverHttp('rt-new-1');
    expect(after.segment).not.toBeNull();
    expect(after.freshness).toMatchObject({ runId, updatePending: false });
    expect(Date.parse(after.freshness.updatedAt)).toBeGreaterThan(Date.parse(after.freshness.modelsTrainedAt));
  }, 60_000);

  it('takes concurrent batches naming the same new users and items side by side, each event once', async () => {
    const ts = new Date(Date.now() - 60_000).toISOString();
    const batch = (b: number) =>
      Array.from({ length: 40 }, (_, i) => ({
        user_id: `rt-concurrent-${(i * 7 + b) % 13}`,
        item_id: `rt-new-item-${(i + b) % 11}`,
        type: 'view',
        // half the events are in every batch (the same fingerprint), half in this batch only
        ts: i % 2 === 0 ? ts : new Date(Date.parse(ts) + b * 1000 + i).toISOString(),
      }));
    const answers = await Promise.all(Array.from({ length: 8 }, (_, b) => post(batch(b))));
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(201));
    const bodies = await Promise.all(answers.map((answer) => answer.json()));
    const distinct = new Set(
      Array.from({ length: 8 }, (_, b) => batch(b).map((e) => `${e.user_id} ${e.item_id} ${e.ts}`)).flat(),
    );
    expect(bodies.reduce((sum, body) => sum + body.inserted, 0)).toBe(distinct.size);
    const { rows } = await getPool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events WHERE dataset_id = $1 AND user_id LIKE 'rt-concurrent-%'`,
      [datasetId],
    );
    expect(rows[0].n).toBe(distinct.size);
    while ((await drainProfileUpdates()).length > 0);
  }, 60_000);

  it("keeps segment sizes and shares equal to a count of the run's profiles as users arrive and move", async () => {
    const { rows: users } = await getPool().query<{ user_id: string }>(
      'SELECT user_id FROM user_profiles WHERE run_id = $1 ORDER BY user_id LIMIT 40 OFFSET 100',
      [runId],
    );
    const items = ['sku-1', 'sku-2', 'sku-3', 'sku-4'];
    // existing users with a purchase burst each (some change segment), and users new to the run
    const events = [
      ...users.flatMap(({ user_id }, u) => purchases(user_id, 5 + (u % 30), [items[u % items.length]])),
      ...Array.from({ length: 6 }, (_, u) => purchases(`rt-sized-${u}`, 2 + u, items)).flat(),
    ];
    expect((await post(events)).status).toBe(201);
    while ((await drainProfileUpdates()).length > 0);
    const { rows } = await getPool().query<{
      size: number;
      counted: number;
      share: number;
      persona: { size: number; share: number };
    }>(
      `SELECT s.size, (SELECT count(*)::int FROM user_profiles p WHERE p.run_id = s.run_id AND p.segment_index = s.index) AS counted,
         s.share, s.persona FROM segments s WHERE s.run_id = $1 ORDER BY s.index`,
      [runId],
    );
    const total = rows.reduce((sum, row) => sum + row.counted, 0);
    for (const row of rows) {
      expect(row.size).toBe(row.counted);
      expect(row.share).toBeCloseTo(row.counted / total, 12);
      expect(row.persona).toMatchObject({ size: row.counted });
      expect(row.persona.share).toBeCloseTo(row.counted / total, 12);
    }
    // the persona's first sentence states the same size as the card beside it
    const { segments } = await listSegments(datasetId);
    for (const segment of segments) {
      expect(segment.description.startsWith(segmentSizeSentence(segment.name, segment.size, segment.share))).toBe(true);
      const detail = await getSegmentDetail(datasetId, segment.index);
      expect(detail.description.startsWith(segmentSizeSentence(segment.name, segment.size, segment.share))).toBe(true);
    }
  }, 60_000);

  it('loses no accepted update when the worker dies between accept and update, and catches up after', async () => {
    const { rows } = await getPool().query<{ user_id: string }>(
      'SELECT user_id FROM user_profiles WHERE run_id = $1 ORDER BY user_id LIMIT 1',
      [runId],
    );
    const userId = rows[0].user_id;
    const before = await storedProfile(userId);
    expect((await post(purchases(userId, 40, ['sku-3']))).status).toBe(201);
    expect(await queued(userId)).toBe(1);

    // A worker takes the rows and writes the new profile, then its connection dies before COMMIT.
    const worker = await getPool().connect();
    try {
      await worker.query('BEGIN');
      const taken = await worker.query('SELECT id FROM profile_update_queue ORDER BY id FOR UPDATE SKIP LOCKED');
      expect(taken.rowCount).toBe(1);
      await assignToActiveRun(datasetId, { userIds: [userId], client: worker });
      // with a timeout it returns once the backend has exited and its row locks are gone; without
      // one it only signals, and the drain below could still skip the row as locked
      await getPool()
        .query('SELECT pg_terminate_backend($1, 10000)', [
          (await worker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid,
        ])
        .catch(() => {});
    } finally {
      worker.release(true);
    }
    expect(await storedProfile(userId)).toEqual(before);
    expect(await queued(userId)).toBe(1);

    // the next worker (after a restart) finds the row and applies it
    expect(await drainProfileUpdates()).toMatchObject([{ datasetId, users: 1, outcome: 'updated' }]);
    const after = await storedProfile(userId);
    expect(after?.updated_at).toBeInstanceOf(Date);
    expect(after?.features).not.toEqual(before?.features);
    expect(await queued(userId)).toBe(0);
  }, 60_000);

  it("serves recommendations folded in from the run's recommender: the same for unchanged items, new ones after purchases", async () => {
    const { rows: artifact } = await getPool().query<{ name: string }>(
      `SELECT content->'model'->>'name' AS name FROM run_artifacts WHERE run_id = $1 AND name = 'recommenderModel'`,
      [runId],
    );
    expect(artifact).toHaveLength(1);
    const recommended = async (userId: string) =>
      (
        await getPool().query<{ item_id: string; score: number; predicted_rating: number | null }>(
          'SELECT item_id, score, predicted_rating FROM recommendations WHERE run_id = $1 AND user_id = $2 ORDER BY rank',
          [runId, userId],
        )
      ).rows;
    const { rows } = await getPool().query<{ user_id: string }>(
      `SELECT user_id FROM recommendations WHERE run_id = $1 AND rank = 10 ORDER BY user_id DESC LIMIT 1`,
      [runId],
    );
    const userId = rows[0].user_id;
    const trained = await recommended(userId);

    // a search names no item: the user's items, and so the served model's scores, are unchanged
    await post([{ user_id: userId, type: 'search', ts: new Date().toISOString(), text: 'gift ideas' }]);
    await drainProfileUpdates();
    const same = await recommended(userId);
    if (artifact[0].name === 'als') {
      // the served factor is the exact solve against the final item factors; training's is the last sweep's
      const overlap = same.filter((row) => trained.some((old) => old.item_id === row.item_id)).length;
      expect(overlap).toBeGreaterThanOrEqual(6);
    } else {
      expect(same.map((row) => row.item_id)).toEqual(trained.map((row) => row.item_id));
      same.forEach((row, i) => {
        expect(row.score).toBeCloseTo(trained[i].score, 3);
      });
    }

    // buying the top recommendations: they leave the list (a user is not sold what they own) and others come
    // up; an item still recommended keeps its predicted rating at its new rank, a new one has none
    await getPool().query(
      'UPDATE recommendations SET predicted_rating = rank / 4.0 WHERE run_id = $1 AND user_id = $2',
      [runId, userId],
    );
    const ratingOf = new Map(same.map((row, i) => [row.item_id, (i + 1) / 4]));
    const bought = trained.slice(0, 3).map((row) => row.item_id);
    await post(purchases(userId, 3, bought));
    await drainProfileUpdates();
    const after = await recommended(userId);
    expect(after).toHaveLength(10);
    for (const item of bought) expect(after.map((row) => row.item_id)).not.toContain(item);
    const kept = after.filter((row) => ratingOf.has(row.item_id));
    expect(kept.length).toBeGreaterThanOrEqual(5);
    for (const row of after) expect(row.predicted_rating).toBe(ratingOf.get(row.item_id) ?? null);
    const app = await readProfileOverHttp(userId);
    expect(app.recommendations.map((row: { itemId: string }) => row.itemId)).toEqual(
      after.slice(0, 5).map((row) => row.item_id),
    );
  }, 60_000);

  it("scores users between retrains with the run's own churn and propensity models: unchanged users keep their scores, buyers' scores move", async () => {
    const { rows: stored } = await getPool().query<{ target: string }>(
      `SELECT m->>'target' AS target FROM run_artifacts, jsonb_array_elements(content->'models') m
       WHERE run_id = $1 AND name = 'scoreModels'`,
      [runId],
    );
    const targets = stored.map((row) => row.target);
    expect(targets).toContain('churn');
    const scoresOf = async (userId: string) =>
      new Map(
        (
          await getPool().query<{ target: string; value: number }>(
            'SELECT target, value FROM scores WHERE run_id = $1 AND user_id = $2 AND target = ANY($3::text[])',
            [runId, userId, targets],
          )
        ).rows.map((row) => [row.target, row.value]),
      );
    // a user no test has sent events for, with the highest churn score
    const { rows } = await getPool().query<{ user_id: string }>(
      `SELECT user_id FROM scores WHERE run_id = $1 AND target = 'churn' AND user_id NOT LIKE 'rt-%'
         AND user_id NOT IN (SELECT user_id FROM user_profiles WHERE run_id = $1 AND updated_at IS NOT NULL)
       ORDER BY value DESC, user_id LIMIT 1`,
      [runId],
    );
    const userId = rows[0].user_id;
    const trained = await scoresOf(userId);
    expect(trained.size).toBe(targets.length);

    // re-scored from the same events: the stored model gives the training scores back
    await getPool().query('INSERT INTO profile_update_queue (dataset_id, user_id) VALUES ($1, $2)', [
      datasetId,
      userId,
    ]);
    await drainProfileUpdates();
    const again = await scoresOf(userId);
    for (const [target, value] of trained) expect(again.get(target)).toBeCloseTo(value, 3);

    // a burst of purchases today: the churn risk of the most at-risk user falls
    expect((await post(purchases(userId, 12, ['sku-1', 'sku-2', 'sku-3']))).status).toBe(201);
    await drainProfileUpdates();
    const after = await scoresOf(userId);
    expect(after.get('churn')).toBeLessThan(trained.get('churn') as number);
    const app = await readProfileOverHttp(userId);
    expect(app.scores.find((score: { target: string }) => score.target === 'churn')?.value).toBe(after.get('churn'));
  }, 60_000);

  it("follows predicted value between retrains with the run's served value model: the score a full scoring of all the user's events gives", async () => {
    const { rows: artifacts } = await getPool().query<{ name: string; content: unknown }>(
      'SELECT name, content FROM run_artifacts WHERE run_id = $1 AND name = ANY($2::text[])',
      [runId, ['scoreModels', 'profileModel']],
    );
    const content = new Map(artifacts.map((row) => [row.name, row.content]));
    const stored = (content.get('scoreModels') as { models: StoredScoreModel[] }).models;
    const valueModel = stored.find((model) => 'value' in model);
    expect(valueModel?.target).toBe('value:90d');
    const target = valueModel?.target as string;
    const profileModel = profileModelFromJson(content.get('profileModel'));
    const storedValue = async (userId: string) =>
      (
        await getPool().query<{ value: number }>(
          'SELECT value FROM scores WHERE run_id = $1 AND user_id = $2 AND target = $3',
          [runId, userId, target],
        )
      ).rows[0]?.value;
    /** the user's value from all their events: profiled and scored with the run's stored models, as training's every-user pass does */
    const fullScoring = async (userId: string) => {
      const { events, items } = await loadPipelineInput(datasetId, undefined, { userIds: [userId], attributes: false });
      const settings = await readPipelineSettings(datasetId);
      const asOf = Math.max(profileModel.asOf, referenceTime(events.ts).ms);
      const profiles = await profileWithModel(events, items, settings, profileModel, asOf);
      const models = await restoreScoreModels([valueModel as StoredScoreModel]);
      try {
        const isPurchase = purchaseTypeMask(events, settings);
        const purchases = (horizonDays: number) => purchasesAsOf(events, isPurchase, asOf, horizonDays);
        return scoreWithModels(models, { behaviour: profiles.raw, purchases })[0].values[0];
      } finally {
        freeScoreModels(models);
      }
    };
    // a spender no test has sent events for
    const { rows } = await getPool().query<{ user_id: string }>(
      `SELECT user_id FROM scores WHERE run_id = $1 AND target = $2 AND user_id NOT LIKE 'rt-%'
         AND user_id NOT IN (SELECT user_id FROM user_profiles WHERE run_id = $1 AND updated_at IS NOT NULL)
       ORDER BY value DESC, user_id LIMIT 1`,
      [runId, target],
    );
    const userId = rows[0].user_id;
    const trained = await storedValue(userId);
    expect(trained).toBeGreaterThan(0);
    expect(await fullScoring(userId)).toBeCloseTo(trained, 2);

    // re-scored from the same events: the served model gives the training value back
    await getPool().query('INSERT INTO profile_update_queue (dataset_id, user_id) VALUES ($1, $2)', [
      datasetId,
      userId,
    ]);
    await drainProfileUpdates();
    expect(await storedValue(userId)).toBeCloseTo(trained, 2);

    // purchases today: the drain's value is the full scoring's as of the new last event, and it moved
    expect((await post(purchases(userId, 8, ['sku-4', 'sku-5']))).status).toBe(201);
    await drainProfileUpdates();
    const after = await storedValue(userId);
    expect(after).not.toBe(trained);
    expect(after).toBeCloseTo(await fullScoring(userId), 3);
    const app = await readProfileOverHttp(userId);
    expect(app.scores.find((score: { target: string }) => score.target === target)?.value).toBe(after);
  }, 60_000);

  it("follows inferred attributes between retrains with the run's stored attribute models: a new guess from the user's new items", async () => {
    const { rows: artifacts } = await getPool().query<{ name: string; content: unknown }>(
      'SELECT name, content FROM run_artifacts WHERE run_id = $1 AND name = ANY($2::text[])',
      [runId, [attributeModelArtifact, 'profileModel']],
    );
    const content = new Map(artifacts.map((row) => [row.name, row.content]));
    const stored = attributeModelsFromJson(content.get(attributeModelArtifact));
    const { target, attribute } = stored.models[0];
    const profileModel = profileModelFromJson(content.get('profileModel'));
    const storedGuess = async (userId: string) =>
      (
        await getPool().query<{ value: number; detail: { predicted: unknown } }>(
          'SELECT value, detail FROM scores WHERE run_id = $1 AND user_id = $2 AND target = $3',
          [runId, userId, target],
        )
      ).rows[0];
    /** the guess from all the user's events: profiled with the run's profile model and guessed with its stored attribute models */
    const fullScoring = async (userId: string) => {
      const { events, items } = await loadPipelineInput(datasetId, undefined, { userIds: [userId], attributes: false });
      const settings = await readPipelineSettings(datasetId);
      const asOf = Math.max(profileModel.asOf, referenceTime(events.ts).ms);
      const profiles = await profileWithModel(events, items, settings, profileModel, asOf);
      const models = await restoreAttributeModels({
        ...stored,
        models: stored.models.filter((model) => model.target === target),
      });
      try {
        const features = attributeModelFeatures(
          models,
          profiles.vectors,
          buildUserItemInteractions(events),
          events.itemIds,
        );
        return guessAttributes(models, features, events.userIds, () => true)[0];
      } finally {
        models.free();
      }
    };
    // a user without the attribute, whom no test has sent events for
    const { rows } = await getPool().query<{ user_id: string }>(
      `SELECT user_id FROM scores WHERE run_id = $1 AND target = $2 AND user_id NOT LIKE 'rt-%'
         AND user_id NOT IN (SELECT user_id FROM user_profiles WHERE run_id = $1 AND updated_at IS NOT NULL)
       ORDER BY user_id LIMIT 1`,
      [runId, target],
    );
    const userId = rows[0].user_id;
    const trained = await storedGuess(userId);

    // items the user never touched, the catalogue's most bought
    const { rows: fresh } = await getPool().query<{ item_id: string }>(
      `SELECT item_id FROM events WHERE dataset_id = $1 AND item_id IS NOT NULL
         AND item_id NOT IN (SELECT item_id FROM events WHERE dataset_id = $1 AND user_id = $2 AND item_id IS NOT NULL)
       GROUP BY item_id ORDER BY count(*) DESC, item_id LIMIT 6`,
      [datasetId, userId],
    );
    expect(
      (
        await post(
          purchases(
            userId,
            6,
            fresh.map((row) => row.item_id),
          ),
        )
      ).status,
    ).toBe(201);
    await drainProfileUpdates();
    const after = await storedGuess(userId);
    expect(after.value).not.toBe(trained.value);
    const expected = await fullScoring(userId);
    expect(after.value).toBeCloseTo(expected.value, 3);
    expect(after.detail.predicted).toEqual((expected.detail as { predicted: unknown }).predicted);

    // a user who has the attribute gets no guess from an update
    const { rows: holders } = await getPool().query<{ user_id: string }>(
      `SELECT user_id FROM user_attributes WHERE dataset_id = $1 AND name = $2
         AND ((value_text IS NOT NULL AND value_text <> '') OR value_num IS NOT NULL)
         AND user_id IN (SELECT user_id FROM user_profiles WHERE run_id = $3) ORDER BY user_id LIMIT 1`,
      [datasetId, attribute, runId],
    );
    const holder = holders[0].user_id;
    expect(
      (
        await post(
          purchases(
            holder,
            2,
            fresh.map((row) => row.item_id),
          ),
        )
      ).status,
    ).toBe(201);
    await drainProfileUpdates();
    expect(await storedGuess(holder)).toBeUndefined();
  }, 60_000);

  it('queues the users of an events file imported into a trained dataset', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'portrait-realtime-file-'));
    const file = path.join(folder, 'more.csv');
    const ts = new Date(Date.now() - 3600_000).toISOString();
    await writeFile(
      file,
      `user_id,item_id,type,ts,value\nrt-file-1,sku-1,purchase,${ts},10\nrt-file-2,sku-2,view,${ts},\n`,
    );
    const result = await importFiles({ datasetName, events: file });
    expect(result.ok).toBe(true);
    expect(result.batches[0].queuedUsers).toBe(2);
    expect(await queued()).toBe(2);
    await drainProfileUpdates();
    expect(await storedProfile('rt-file-1')).toBeDefined();
    expect(await storedProfile('rt-file-2')).toBeDefined();
  }, 60_000);

  it('wakes an idle updater when a POST or a file import has committed, long before its next poll', async () => {
    const updated: string[] = [];
    const updater = startProfileUpdater({ pollMs: 120_000, onBatch: (batch) => updated.push(`${batch.users}`) });
    const drainedWithin = async (ms: number) => {
      const deadline = Date.now() + ms;
      while ((await queued()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      return queued();
    };
    try {
      // its first look finds nothing; it then sleeps on its two-minute poll, listening
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect((await post(purchases('rt-wake-1', 2, ['sku-1']))).status).toBe(201);
      expect(await drainedWithin(15_000)).toBe(0);
      expect(await storedProfile('rt-wake-1')).toBeDefined();

      await new Promise((resolve) => setTimeout(resolve, 500));
      const folder = await mkdtemp(path.join(tmpdir(), 'portrait-realtime-wake-'));
      const file = path.join(folder, 'wake.csv');
      await writeFile(
        file,
        `user_id,item_id,type,ts,value\nrt-wake-2,sku-2,purchase,${new Date(Date.now() - 60_000).toISOString()},10\n`,
      );
      expect((await importFiles({ datasetName, events: file })).ok).toBe(true);
      expect(await drainedWithin(15_000)).toBe(0);
      expect(await storedProfile('rt-wake-2')).toBeDefined();
      expect(updated.length).toBeGreaterThanOrEqual(2);
    } finally {
      await updater.stop();
    }
  }, 60_000);

  it("shows the update lag and the last hour's throughput on the overview", async () => {
    expect((await post(purchases('rt-overview', 1, ['sku-1']))).status).toBe(201);
    const queuedNow = (await getDatasetOverview(datasetId)).profileUpdates;
    expect(queuedNow?.pending).toBe(1);
    expect(queuedNow?.lagMs).toBeGreaterThanOrEqual(0);
    await drainProfileUpdates();
    const { rows } = await getPool().query<{ users: number; batches: number }>(
      `SELECT sum(users)::int AS users, count(*)::int AS batches FROM profile_update_batches
       WHERE dataset_id = $1 AND outcome = 'updated'`,
      [datasetId],
    );
    const stats = (await getDatasetOverview(datasetId)).profileUpdates;
    expect(stats).toMatchObject({ lagMs: 0, pending: 0, lastHour: { users: rows[0].users, batches: rows[0].batches } });
    expect(stats?.lastHour.lagP95Ms).toBeGreaterThanOrEqual(stats?.lastHour.lagP50Ms ?? 0);
    expect(stats?.lastUpdateAt).not.toBeNull();
  });

  it('a worker process killed by SIGKILL mid-update loses nothing: the next worker process applies every queued update', async () => {
    const pool = getPool();
    await pool.query(
      'INSERT INTO profile_update_queue (dataset_id, user_id) SELECT $1, user_id FROM user_profiles WHERE run_id = $2',
      [datasetId, runId],
    );
    const total = await queued();
    const before = new Date();
    const updatedSince = async () =>
      (
        await pool.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM user_profiles WHERE run_id = $1 AND updated_at > $2',
          [runId, before],
        )
      ).rows[0].n;
    const first = spawnWorker({ PORTRAIT_PROFILE_UPDATE_POLL_MS: '50' });
    try {
      // the worker holds the first rows while it updates their users (a transaction of seconds)
      let holding = false;
      for (let tries = 0; tries < 600 && !holding; tries++) {
        const { rows } = await pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
           WHERE c.relname = 'profile_update_queue' AND l.mode = 'RowShareLock' AND l.pid <> pg_backend_pid()`,
        );
        holding = rows[0].n > 0;
        if (!holding) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(holding, first.output()).toBe(true);
    } finally {
      await first.kill9();
    }
    expect(await queued()).toBe(total);
    expect(await updatedSince()).toBe(0);

    const second = spawnWorker({ PORTRAIT_PROFILE_UPDATE_POLL_MS: '50' });
    try {
      for (let tries = 0; tries < 1200 && (await queued()) > 0; tries++)
        await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await second.stop();
    }
    expect(await queued()).toBe(0);
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM user_profiles WHERE run_id = $1', [
      runId,
    ]);
    expect(await updatedSince()).toBe(rows[0].n);
  }, 180_000);

  it('drops queued updates of a dataset with no trained run, saying why', async () => {
    const other = await getPool().query<{ id: number }>(
      `INSERT INTO datasets (name) VALUES ('realtime-untrained') RETURNING id`,
    );
    const otherKey = (await createApiKey(other.rows[0].id, 'untrained')).key;
    const response = await postEvents(
      new Request(`http://localhost/api/datasets/${other.rows[0].id}/events`, {
        method: 'POST',
        body: JSON.stringify(purchases('u1', 1, ['i1'])),
        headers: { authorization: `Bearer ${otherKey}` },
      }),
      { params: Promise.resolve({ id: String(other.rows[0].id) }) },
    );
    expect(response.status).toBe(201);
    expect(await drainProfileUpdates()).toMatchObject([
      { datasetId: other.rows[0].id, outcome: 'skipped', runId: null },
    ]);
  });
});
