import { parse } from 'csv-parse/sync';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '@/lib/auth/accounts';
import { createSession, sessionCookieName } from '@/lib/auth/sessions';
import { closePools, getPool } from '@/lib/db/connection';
import { type SeededDataset, seedDatasetWithRun } from '@/test/helpers/seedRun';
import { GET as getMembers } from '../segments/[index]/members/route';
import { GET as getExport } from './route';

type Handler = (request: Request, context?: { params: Promise<Record<string, string>> }) => Promise<Response>;

let seeded: SeededDataset;
let untrainedId: number;
const cookies: Record<'analyst' | 'pm', string> = { analyst: '', pm: '' };
const pmEmail = `pm-export-${process.pid}@example.com`;
const previousAutologin = process.env.PORTRAIT_DEMO_AUTOLOGIN;

function call(handler: Handler, path: string, params: Record<string, string>, cookie?: string): Promise<Response> {
  const request = new Request(`http://localhost${path}`, { headers: cookie ? { cookie } : {} });
  return handler(request, { params: Promise.resolve(params) });
}

beforeAll(async () => {
  // Only the explicit session cookies below sign anyone in.
  process.env.PORTRAIT_DEMO_AUTOLOGIN = '0';
  seeded = await seedDatasetWithRun({ users: 240, seed: 31 });
  const { rows } = await getPool().query<{ id: number }>('INSERT INTO datasets (name) VALUES ($1) RETURNING id', [
    `untrained_export_${Date.now().toString(36)}`,
  ]);
  untrainedId = rows[0].id;
  for (const role of ['analyst', 'pm'] as const) {
    const account = await createAccount(
      role === 'pm' ? pmEmail : `analyst-export-${process.pid}@example.com`,
      'a long enough password',
      role,
    );
    cookies[role] = `${sessionCookieName}=${(await createSession(account.id)).token}`;
  }
});

afterAll(async () => {
  if (previousAutologin === undefined) delete process.env.PORTRAIT_DEMO_AUTOLOGIN;
  else process.env.PORTRAIT_DEMO_AUTOLOGIN = previousAutologin;
  await closePools();
});

const exportPath = (format: string, datasetId = seeded.datasetId) =>
  `/api/datasets/${datasetId}/export?format=${format}`;
const membersPath = (index: number) => `/api/datasets/${seeded.datasetId}/segments/${index}/members`;

describe('who may export', () => {
  it('answers 401 without a session, 403 to an analyst and 200 to a pm for personas; member lists are analyst-level', async () => {
    const params = { id: String(seeded.datasetId) };
    const segment = { ...params, index: '0' };
    const anonymous = await call(getExport, exportPath('csv'), params);
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.code).toBe('unauthorized');

    const analyst = await call(getExport, exportPath('csv'), params, cookies.analyst);
    expect(analyst.status).toBe(403);
    expect((await analyst.json()).error).toEqual({
      code: 'forbidden',
      message: 'This needs the pm role; you are analyst',
    });
    // a segment's members are analyst-level, like the paged list of them
    const analystMembers = await call(getMembers, membersPath(0), segment, cookies.analyst);
    expect(analystMembers.status).toBe(200);
    await analystMembers.arrayBuffer();
    expect((await call(getMembers, membersPath(0), segment)).status).toBe(401);

    const pm = await call(getExport, exportPath('csv'), params, cookies.pm);
    expect(pm.status).toBe(200);
    await pm.arrayBuffer();
    const members = await call(getMembers, membersPath(0), segment, cookies.pm);
    expect(members.status).toBe(200);
    await members.arrayBuffer();
  });

  it('lets an admin export too (the demo admin on localhost)', async () => {
    process.env.PORTRAIT_DEMO_AUTOLOGIN = '1';
    try {
      const response = await call(getExport, exportPath('json'), { id: String(seeded.datasetId) });
      expect(response.status).toBe(200);
      expect((await response.json()).runId).toBe(seeded.runId);
    } finally {
      process.env.PORTRAIT_DEMO_AUTOLOGIN = '0';
    }
  });
});

describe('GET /api/datasets/[id]/export', () => {
  it('downloads the personas CSV as an attachment named for the dataset and run, and audits the pm', async () => {
    const response = await call(getExport, exportPath('csv'), { id: String(seeded.datasetId) }, cookies.pm);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="${seeded.datasetName}-run${seeded.runId}-personas.csv"`,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    const rows = parse(await response.text(), { columns: true, bom: true }) as { name: string }[];
    expect(rows.map((row) => row.name).sort()).toEqual(
      seeded.segments
        .filter((s) => !s.belowFloor)
        .map((s) => s.name)
        .sort(),
    );
    const { rows: audit } = await getPool().query<{ actor: string }>(
      `SELECT actor FROM audit_log WHERE action = 'export.personas' AND target = $1 ORDER BY id DESC LIMIT 1`,
      [`dataset:${seeded.datasetId}`],
    );
    expect(audit[0].actor).toBe(pmEmail);
  });

  it('downloads a PDF whose text names every shown persona', async () => {
    const response = await call(getExport, exportPath('pdf'), { id: String(seeded.datasetId) }, cookies.pm);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Number(response.headers.get('content-length'))).toBe(bytes.byteLength);
    const parser = new PDFParse({ data: bytes });
    try {
      const { text } = await parser.getText();
      for (const segment of seeded.segments.filter((s) => !s.belowFloor)) expect(text).toContain(segment.name);
    } finally {
      await parser.destroy();
    }
  });

  it('answers 400 for a missing or unknown format and 404 with the train hint for an untrained dataset', async () => {
    const params = { id: String(seeded.datasetId) };
    const unknown = await call(getExport, exportPath('xlsx'), params, cookies.pm);
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.message).toMatch(/^query\.format/);
    expect((await call(getExport, `/api/datasets/${seeded.datasetId}/export`, params, cookies.pm)).status).toBe(400);
    const untrained = await call(getExport, exportPath('md', untrainedId), { id: String(untrainedId) }, cookies.pm);
    expect(untrained.status).toBe(404);
    const body = await untrained.json();
    expect(body.error.details.reason).toBe('not_trained');
  });
});

describe('GET /api/datasets/[id]/segments/[index]/members', () => {
  it('streams the members CSV of a shown segment as an attachment', async () => {
    const camera = seeded.segments.find((s) => s.name === 'Camera enthusiasts') as SeededDataset['segments'][number];
    const response = await call(
      getMembers,
      membersPath(camera.index),
      { id: String(seeded.datasetId), index: String(camera.index) },
      cookies.pm,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="${seeded.datasetName}-run${seeded.runId}-segment${camera.index}-members.csv"`,
    );
    expect(response.headers.get('content-length')).toBeNull();
    const rows = parse(await response.text(), { columns: true }) as { user_id: string }[];
    expect(rows).toHaveLength(camera.size);
    for (const row of rows) expect(seeded.segmentOf.get(row.user_id)).toBe(camera.index);
  });

  it('answers 404 in the one error shape for a segment under the size floor, 400 for a bad index', async () => {
    const hidden = seeded.hiddenSegmentIndex;
    const response = await call(
      getMembers,
      membersPath(hidden),
      { id: String(seeded.datasetId), index: String(hidden) },
      cookies.pm,
    );
    expect(response.status).toBe(404);
    expect((await response.json()).error).toEqual({
      code: 'not_found',
      message: `Segment ${hidden} does not exist in run ${seeded.runId}`,
    });
    const bad = await call(getMembers, '/x', { id: String(seeded.datasetId), index: '-1' }, cookies.pm);
    expect(bad.status).toBe(400);
  });
});

describe('the language of an export', () => {
  it('writes the Markdown brief in the locale asked for, English by default, and refuses one it does not speak', async () => {
    const params = { id: String(seeded.datasetId) };
    const english = await call(getExport, exportPath('md'), params, cookies.pm);
    expect(await english.text()).toMatch(/^# Personas of /);
    const chinese = await call(getExport, `${exportPath('md')}&locale=zh-CN`, params, cookies.pm);
    expect(chinese.status).toBe(200);
    const text = await chinese.text();
    expect(text).toMatch(/^# .+ 的用户画像/);
    expect(text).not.toContain('Personas of');
    const csvHeader = async (query: string) =>
      (await (await call(getExport, `${exportPath('csv')}${query}`, params, cookies.pm)).text()).split('\r\n')[0];
    expect(await csvHeader('&locale=zh-CN')).toBe(await csvHeader(''));
    const refused = await call(getExport, `${exportPath('md')}&locale=fr`, params, cookies.pm);
    expect(refused.status).toBe(400);
  });
});
