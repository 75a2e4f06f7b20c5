import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, getPool } from '@/lib/db/connection';
import { type SeededDataset, seedDatasetWithRun } from '@/test/helpers/seedRun';
import { profileForApps } from './profileForApps';
import { createAudience } from './saveAudience';

let seeded: SeededDataset;

beforeAll(async () => {
  seeded = await seedDatasetWithRun({ users: 90, seed: 4 });
});

afterAll(async () => {
  await getPool().query('DELETE FROM datasets WHERE id = $1', [seeded.datasetId]);
  await closePools();
});

describe('the profile API for apps', () => {
  it("answers the user's persona, only scores that beat their baseline with that quality, targeted audiences and top recommendations", async () => {
    const userId = seeded.userIds[0];
    await getPool().query(
      `UPDATE prediction_targets SET quality = jsonb_set(quality, '{value}', '0.5') WHERE run_id = $1 AND target = 'propensity:Cameras'`,
      [seeded.runId],
    );
    await getPool().query(
      `UPDATE prediction_targets SET quality = jsonb_set(quality, '{holdout,value}', '0.5') WHERE run_id = $1 AND target = 'propensity:Cameras'`,
      [seeded.runId],
    );
    const everyone = await createAudience(seeded.datasetId, {
      name: 'Everyone',
      definition: {
        version: 1,
        root: { kind: 'behaviour', did: true, eventType: 'view', atLeast: 1, withinDays: 3650 },
      },
    });
    const profile = await profileForApps(seeded.datasetId, userId);
    const segment = seeded.segmentOf.get(userId) as number;
    expect(profile.segment).toEqual({ index: segment, persona: seeded.segments[segment].name });
    const targets = profile.scores.map((score) => score.target);
    expect(targets).toContain('churn');
    expect(targets).not.toContain('propensity:Cameras');
    expect(profile.scores.find((score) => score.target === 'churn')?.quality).toEqual(
      expect.objectContaining({ metric: 'auc', baseline: 0.5 }),
    );
    expect(profile.recommendations.map((row) => row.rank)).toEqual([1, 2, 3, 4, 5]);
    const { rows } = await getPool().query<{ holdout: boolean }>(
      'SELECT holdout FROM audience_members WHERE audience_id = $1 AND user_id = $2',
      [everyone.id, userId],
    );
    expect(profile.audiences).toEqual(rows[0] && !rows[0].holdout ? [{ id: everyone.id, name: 'Everyone' }] : []);
  });

  it('answers 404 for a user the run never profiled', async () => {
    await expect(profileForApps(seeded.datasetId, 'nobody-here')).rejects.toMatchObject({ status: 404 });
  });
});
