import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { findDatasetId } from '@/lib/datasets/ensureDataset';
import { getPool } from '@/lib/db/connection';
import { generateDemo } from '@/lib/demo/generateDemo';
import { importFiles } from '@/lib/ingest/importFiles';
import { ingestEventRecords } from '@/lib/ingest/ingestEventRecords';
import { profileUpdateStats } from '@/lib/realtime/profileUpdateStats';
import { startProfileUpdater } from '@/lib/realtime/startProfileUpdater';
import { trainDataset } from '@/lib/training/trainDataset';

/** Scoring throws for these users (or for everyone), as a model might on data nobody foresaw. */
const failing = vi.hoisted(() => ({ users: new Set<string>(), everyone: false }));
vi.mock('@/lib/realtime/updateScores', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/realtime/updateScores')>();
  return {
    ...original,
    updateScores: (...args: Parameters<typeof original.updateScores>) => {
      const failed = args[1].userIds.find((userId) => failing.everyone || failing.users.has(userId));
      if (failed !== undefined) return Promise.reject(new Error(`cannot score ${failed}`));
      return original.updateScores(...args);
    },
  };
});

const datasetName = 'set-aside-demo';
let datasetId: number;
let runId: number;
let userIds: string[];

async function queuedUsers(): Promise<string[]> {
  const { rows } = await getPool().query<{ user_id: string }>(
    'SELECT DISTINCT user_id FROM profile_update_queue WHERE dataset_id = $1 ORDER BY user_id',
    [datasetId],
  );
  return rows.map((row) => row.user_id);
}

async function updatedSince(since: Date): Promise<string[]> {
  const { rows } = await getPool().query<{ user_id: string }>(
    'SELECT user_id FROM user_profiles WHERE run_id = $1 AND updated_at > $2 ORDER BY user_id',
    [runId, since],
  );
  return rows.map((row) => row.user_id);
}

async function failedBatches(): Promise<number> {
  const { rows } = await getPool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM profile_update_batches WHERE dataset_id = $1 AND outcome = 'failed'`,
    [datasetId],
  );
  return rows[0].n;
}

/** One view now for each user, the first user's queued first. */
async function sendViews(users: string[]): Promise<void> {
  const now = Date.now();
  for (const [i, user_id] of users.entries()) {
    expect((await ingestEventRecords(datasetId, [{ user_id, type: 'view', ts: now + i }])).inserted).toBe(1);
  }
}

async function until(condition: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('a profile update that fails alone', () => {
  beforeAll(async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), 'portrait-set-aside-'));
    const demo = await generateDemo({ users: 150, seed: 5, outDir });
    expect((await importFiles({ datasetName, ...demo.files })).ok).toBe(true);
    datasetId = (await findDatasetId(datasetName)) as number;
    runId = (await trainDataset(datasetId, { seed: 1, textModel: false })).runId;
    const { rows } = await getPool().query<{ user_id: string }>(
      'SELECT user_id FROM user_profiles WHERE run_id = $1 ORDER BY user_id LIMIT 8',
      [runId],
    );
    userIds = rows.map((row) => row.user_id);
  }, 300_000);

  it('is set aside, so the updates queued behind it go on', async () => {
    const [poison, ...others] = userIds.slice(0, 6);
    failing.users.add(poison);
    const since = new Date();
    await sendViews([poison, ...others]);
    const lines: string[] = [];
    const updater = startProfileUpdater({ pollMs: 200, log: (line) => lines.push(line) });
    try {
      await until(async () => (await queuedUsers()).length === 0, 30_000);
    } finally {
      await updater.stop();
      failing.users.clear();
    }
    expect(await queuedUsers()).toEqual([]);
    expect(await updatedSince(since)).toEqual([...others].sort());
    expect(await failedBatches()).toBe(1);
    // the overview says so
    expect((await profileUpdateStats(datasetId)).lastHour).toMatchObject({ setAside: 1, users: others.length });
    expect(lines.filter((line) => line.includes('set aside'))).toEqual([
      expect.stringContaining(
        `user ${poison} (dataset ${datasetId}) set aside: it failed alone (cannot score ${poison})`,
      ),
    ]);
  }, 60_000);

  it('sets aside at most one a minute while no update succeeds, instead of emptying the queue', async () => {
    const users = userIds.slice(5, 8);
    failing.everyone = true;
    const before = await failedBatches();
    await sendViews(users);
    const updater = startProfileUpdater({ pollMs: 200 });
    try {
      await until(async () => (await failedBatches()) > before, 15_000);
      await new Promise((resolve) => setTimeout(resolve, 3000));
    } finally {
      await updater.stop();
      failing.everyone = false;
    }
    expect((await failedBatches()) - before).toBe(1);
    expect(await queuedUsers()).toEqual(users.slice(1).sort());
  }, 60_000);
});
