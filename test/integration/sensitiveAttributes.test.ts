import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getSettings, PATCH as patchSettings } from '@/app/api/datasets/[id]/settings/route';
import { createAccount } from '@/lib/auth/accounts';
import { createSession, sessionCookieName } from '@/lib/auth/sessions';
import { findDatasetId } from '@/lib/datasets/ensureDataset';
import { getPool } from '@/lib/db/connection';
import { generateDemo } from '@/lib/demo/generateDemo';
import { evaluateDataset } from '@/lib/evaluate/evaluateDataset';
import { loadPersonaExport } from '@/lib/export/loadPersonaExport';
import { importFiles } from '@/lib/ingest/importFiles';
import { getSegmentDetail } from '@/lib/queries/getSegmentDetail';
import { getUserProfile } from '@/lib/queries/getUserProfile';
import { listRuns } from '@/lib/queries/listRuns';
import { listSegments } from '@/lib/queries/listSegments';
import { trainDataset } from '@/lib/training/trainDataset';

const datasetName = 'sensitive-demo';
let datasetId: number;
let runId: number;
const previousAutologin = process.env.PORTRAIT_DEMO_AUTOLOGIN;

// settings are not the demo admin's to change: a real admin's session
let adminCookie: string;

function settingsRequest(method: 'GET' | 'PATCH', body?: unknown) {
  const handler = method === 'GET' ? getSettings : patchSettings;
  return handler(
    new Request(`http://localhost/api/datasets/${datasetId}/settings`, {
      method,
      headers: { cookie: adminCookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
    { params: Promise.resolve({ id: String(datasetId) }) },
  );
}

async function genderRows(run: number) {
  const pool = getPool();
  const scores = await pool.query(
    `SELECT count(*)::int AS n FROM scores WHERE run_id = $1 AND target = 'attr:gender'`,
    [run],
  );
  const target = await pool.query(
    `SELECT status, reason, model FROM prediction_targets WHERE run_id = $1 AND target = 'attr:gender'`,
    [run],
  );
  const metrics = await pool.query(`SELECT metrics->'attributes' AS attributes FROM model_runs WHERE id = $1`, [run]);
  return { scores: scores.rows[0].n as number, target: target.rows[0], attributes: metrics.rows[0].attributes };
}

describe('an attribute marked sensitive in the dataset settings', () => {
  beforeAll(async () => {
    process.env.PORTRAIT_DEMO_AUTOLOGIN = '1';
    const outDir = await mkdtemp(path.join(tmpdir(), 'portrait-sensitive-'));
    const demo = await generateDemo({ users: 600, seed: 9, outDir });
    expect((await importFiles({ datasetName, ...demo.files })).ok).toBe(true);
    datasetId = (await findDatasetId(datasetName)) as number;
    runId = (await trainDataset(datasetId, { seed: 1, textModel: false })).runId;
    const admin = await createAccount(`sensitive-admin-${process.pid}@example.com`, 'a long enough password', 'admin');
    adminCookie = `${sessionCookieName}=${(await createSession(admin.id)).token}`;
  }, 300_000);

  afterAll(() => {
    if (previousAutologin === undefined) delete process.env.PORTRAIT_DEMO_AUTOLOGIN;
    else process.env.PORTRAIT_DEMO_AUTOLOGIN = previousAutologin;
  });

  it('is inferred while nothing is marked (none is by default)', async () => {
    const response = await settingsRequest('GET');
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.settings.sensitiveAttributes).toEqual([]);
    expect(body.attributes.map((a: { name: string }) => a.name)).toEqual(
      expect.arrayContaining(['age', 'gender', 'city']),
    );
    const gender = await genderRows(runId);
    expect(gender.target.status).toBe('trained');
    expect(gender.scores).toBeGreaterThan(0);
    expect(gender.attributes.gender).toBeDefined();
    // the profile names what the run infers, so 'nothing inferred' can say why
    const { rows } = await getPool().query<{ user_id: string }>(
      'SELECT user_id FROM user_profiles WHERE run_id = $1 ORDER BY user_id LIMIT 1',
      [runId],
    );
    const profile = await getUserProfile(datasetId, rows[0].user_id);
    expect(profile.inferableAttributes).toContain('gender');
    expect(profile.attributeModelsTrained).toBe(true);
    expect(profile.freshness.follows).toContain('guesses of the attributes the user lacks');
    const { rows: served } = await getPool().query<{ target: string }>(
      `SELECT DISTINCT target FROM scores WHERE run_id = $1 AND target LIKE 'attr:%' ORDER BY target`,
      [runId],
    );
    expect(profile.inferableAttributes).toEqual(served.map((row) => row.target.slice('attr:'.length)));
  });

  it('keeps the demo’s answer column true_persona (evaluation-only by default) out of personas, profiles, quality and exports', async () => {
    const { rows } = await getPool().query<{ user_id: string }>(
      `SELECT user_id FROM user_attributes WHERE dataset_id = $1 AND name = 'true_persona' LIMIT 1`,
      [datasetId],
    );
    expect(rows).toHaveLength(1);
    const segments = await listSegments(datasetId);
    expect(JSON.stringify(segments)).not.toMatch(/true_persona/);
    const detail = await getSegmentDetail(datasetId, segments.segments[0].index);
    expect(JSON.stringify(detail)).not.toMatch(/true_persona/);
    const profile = await getUserProfile(datasetId, rows[0].user_id);
    expect(JSON.stringify(profile)).not.toMatch(/true_persona/);
    const runs = await listRuns(datasetId, 5);
    expect(runs.runs[0].targets.map((target) => target.target)).not.toContain('attr:true_persona');
    expect(JSON.stringify(await loadPersonaExport(datasetId))).not.toMatch(/true_persona/);
  });

  it('loses what the runs inferred about it as soon as an admin marks it, in any spelling', async () => {
    const response = await settingsRequest('PATCH', { sensitiveAttributes: ['Gender'] });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.settings.sensitiveAttributes).toEqual(['gender']);
    expect(body.attributes.find((a: { name: string }) => a.name === 'gender').sensitive).toBe(true);

    const gender = await genderRows(runId);
    expect(gender.scores).toBe(0);
    expect(gender.target).toEqual({
      status: 'skipped',
      reason: 'gender is marked sensitive and is never inferred',
      model: null,
    });
    expect(gender.attributes.gender).toBeUndefined();
    expect(gender.attributes.age).toBeDefined();

    const { rows } = await getPool().query<{ user_id: string }>(
      `SELECT user_id FROM user_attributes WHERE dataset_id = $1 AND name = 'gender' LIMIT 1`,
      [datasetId],
    );
    const profile = await getUserProfile(datasetId, rows[0].user_id);
    expect(profile.attributes.map((a) => a.name)).not.toContain('gender');
    expect(profile.inferred.map((a) => a.attribute)).not.toContain('gender');
    expect(profile.inferableAttributes).not.toContain('gender');
    const exported = JSON.stringify(await loadPersonaExport(datasetId));
    expect(exported).not.toMatch(/"gender"/);
  });

  it('is never trained, scored or evaluated by later runs', async () => {
    const next = await trainDataset(datasetId, { seed: 2, textModel: false });
    const gender = await genderRows(next.runId);
    expect(gender.scores).toBe(0);
    expect(gender.target).toEqual({
      status: 'skipped',
      reason: 'gender is marked sensitive and is never inferred',
      model: null,
    });
    const { rows } = await getPool().query(
      `SELECT count(*)::int AS n FROM segments WHERE run_id = $1 AND persona->'attributes' ? 'gender'`,
      [next.runId],
    );
    expect(rows[0].n).toBe(0);
    const report = await evaluateDataset(datasetId, { seed: 1 });
    expect(Object.keys(report.attributes)).not.toContain('gender');
  }, 300_000);

  it('refuses unknown settings and bad values with 400', async () => {
    expect((await settingsRequest('PATCH', { sensitive: ['age'] })).status).toBe(400);
    expect((await settingsRequest('PATCH', { horizonDays: 0 })).status).toBe(400);
  });
});
