import { parse } from 'csv-parse/sync';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, getPool } from '@/lib/db/connection';
import { ApiError } from '@/lib/http/apiError';
import { type SeededDataset, seedDatasetWithRun } from '@/test/helpers/seedRun';
import { exportPersonas } from './exportPersonas';
import { exportSegmentMembers } from './exportSegmentMembers';

let seeded: SeededDataset;
let shownNames: string[];

beforeAll(async () => {
  seeded = await seedDatasetWithRun({ users: 300, seed: 21 });
  shownNames = seeded.segments.filter((s) => !s.belowFloor).map((s) => s.name);
});

afterAll(async () => {
  await closePools();
});

// biome-ignore lint/suspicious/noExplicitAny: parsed exports are checked field by field
type Json = any;

function csvRecords(text: string): Record<string, string>[] {
  return parse(text, { columns: true, bom: true }) as Record<string, string>[];
}

async function joined(chunks: AsyncGenerator<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}

async function auditCount(datasetId: number, action: string): Promise<number> {
  const { rows } = await getPool().query<{ n: number }>(
    'SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND target = $2',
    [action, `dataset:${datasetId}`],
  );
  return rows[0].n;
}

describe('persona exports of the active run', () => {
  it('CSV: one row per shown persona with its numbers and traits, UTF-8 with a BOM, no segment under the floor', async () => {
    const file = await exportPersonas(seeded.datasetId, 'csv', { actor: 'tester' });
    expect(file.contentType).toBe('text/csv; charset=utf-8');
    expect(file.fileName).toBe(`${seeded.datasetName}-run${seeded.runId}-personas.csv`);
    const text = file.body.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = csvRecords(text);
    expect(rows.map((row) => row.name).sort()).toEqual([...shownNames].sort());
    expect(text).not.toContain('Tiny group');
    const camera = rows.find((row) => row.name === 'Camera enthusiasts') as Record<string, string>;
    const planted = seeded.segments.find((s) => s.name === 'Camera enthusiasts');
    expect(Number(camera.size)).toBe(planted?.size);
    expect(Number(camera.share)).toBeCloseTo((planted?.size ?? 0) / 300, 4);
    expect(camera.run_id).toBe(String(seeded.runId));
    expect(camera.top_categories.split('; ')[0]).toMatch(/^Cameras \(\d+(\.\d)?% of segment, lift [\d.]+\)$/);
    expect(camera.keywords.split('; ')).toEqual(['lens', 'autofocus', 'sharp', 'battery', 'low light']);
    expect(camera.trait_1).not.toBe('');
    expect(Number.isFinite(Number(camera.trait_1_segment))).toBe(true);
    expect(camera.sentiment_mean).toBe('0.5');
    expect(camera.events_per_user_per_week_last_12_weeks.split(' ')).toHaveLength(12);
  });

  it('JSON: the full persona objects with the run id, dataset, creation time and metrics, and no sensitive attribute', async () => {
    const file = await exportPersonas(seeded.datasetId, 'json', { actor: 'tester' });
    const data: Json = JSON.parse(file.body.toString('utf8'));
    expect(data.runId).toBe(seeded.runId);
    expect(data.dataset).toEqual({ id: seeded.datasetId, name: seeded.datasetName });
    expect(Date.parse(data.createdAt)).toBeGreaterThan(0);
    expect(data.eventsUpTo).toBe(seeded.eventsUpTo.toISOString());
    expect(data.metrics.segments.k).toBe(5);
    expect(data.hiddenSegments).toEqual({ count: 1, users: 5 });
    expect(data.personas.map((p: Json) => p.name).sort()).toEqual([...shownNames].sort());
    for (const persona of data.personas) {
      expect(Object.keys(persona.attributes)).toEqual(['age_band']);
      expect(persona.traits.length).toBeGreaterThanOrEqual(3);
      expect(persona.activity).toHaveLength(12);
      expect(persona.featureDifferences.length).toBeGreaterThan(0);
      expect(persona.representativeUsers.length).toBe(5);
      for (const userId of persona.representativeUsers) expect(seeded.segmentOf.get(userId)).toBe(persona.segmentIndex);
    }
    expect(file.body.toString('utf8')).not.toMatch(/religion/);
  });

  it('Markdown: a heading per persona with its description and a traits table', async () => {
    const text = (await exportPersonas(seeded.datasetId, 'md', { actor: 'tester' })).body.toString('utf8');
    expect(text.startsWith(`# Personas of ${seeded.datasetName}\n`)).toBe(true);
    for (const name of shownNames) expect(text).toContain(`\n## ${name}\n`);
    // the traits table quotes values only; the SD figures are the differences table's, as the dashboard's chart
    expect(text).toContain('| Trait | Segment | Population |\n');
    expect(text).toContain('| Feature | Segment mean | Population mean | Difference |');
    expect(text).toContain('Few but expensive orders of cameras and lenses; detailed reviews.');
    expect(text).toContain('1 smaller segment (5 users) fall below');
    expect(text).not.toContain('Tiny group');
    expect(text).not.toMatch(/religion/);
  });

  it('PDF: a cover and one page per persona, with every persona name extractable as text', async () => {
    const file = await exportPersonas(seeded.datasetId, 'pdf', { actor: 'tester' });
    expect(file.contentType).toBe('application/pdf');
    expect(file.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const parser = new PDFParse({ data: new Uint8Array(file.body) });
    try {
      const result = await parser.getText();
      expect(result.total).toBe(1 + shownNames.length);
      for (const name of shownNames) expect(result.text).toContain(name);
      // each persona on its own page, its chart labels with it
      const cameraPage = result.pages.find((page) => page.text.startsWith('Camera enthusiasts'));
      expect(cameraPage?.text).toContain('What sets them apart');
      expect(cameraPage?.text).toMatch(/[+-]\d\.\d SD/);
      expect(result.text).not.toContain('Tiny group');
      expect(result.text).not.toMatch(/religion/);
    } finally {
      await parser.destroy();
    }
  });

  it('writes each export to the audit log with its format and run', async () => {
    const before = await auditCount(seeded.datasetId, 'export.personas');
    await exportPersonas(seeded.datasetId, 'md', { actor: 'auditor@example.com' });
    expect(await auditCount(seeded.datasetId, 'export.personas')).toBe(before + 1);
    const { rows } = await getPool().query<{ actor: string; detail: Json }>(
      `SELECT actor, detail FROM audit_log WHERE action = 'export.personas' AND target = $1 ORDER BY id DESC LIMIT 1`,
      [`dataset:${seeded.datasetId}`],
    );
    expect(rows[0].actor).toBe('auditor@example.com');
    expect(rows[0].detail).toMatchObject({ format: 'md', runId: seeded.runId, personas: 4 });
  });

  it('exports an older run when asked for it by id, and refuses a run of another dataset', async () => {
    const withHistory = await seedDatasetWithRun({ users: 120, seed: 3, previousRun: true });
    const file = await exportPersonas(withHistory.datasetId, 'json', {
      actor: 'tester',
      runId: withHistory.previousRunId as number,
    });
    expect(JSON.parse(file.body.toString('utf8')).runId).toBe(withHistory.previousRunId);
    await expect(
      exportPersonas(withHistory.datasetId, 'json', { actor: 'tester', runId: seeded.runId }),
    ).rejects.toThrow(/does not belong/);
  });
});

describe('segment member export', () => {
  it('lists every member nearest the centre first, with churn, trait features and non-sensitive attributes', async () => {
    const camera = seeded.segments.find((s) => s.name === 'Camera enthusiasts') as SeededDataset['segments'][number];
    const file = await exportSegmentMembers(seeded.datasetId, camera.index, { actor: 'tester' });
    expect(file.users).toBe(camera.size);
    expect(file.fileName).toBe(`${seeded.datasetName}-run${seeded.runId}-segment${camera.index}-members.csv`);
    const text = await joined(file.chunks);
    const rows = csvRecords(text);
    expect(rows).toHaveLength(camera.size);
    const header = text.slice(0, text.indexOf('\r\n')).split(',');
    expect(header.slice(0, 3)).toEqual(['user_id', 'distance_to_centre', 'churn_score']);
    expect(header).toContain('attribute:age_band');
    expect(header).toContain('attribute:is_member');
    expect(header.join()).not.toMatch(/religion/);
    expect(header.length).toBeGreaterThan(5);
    for (const row of rows) expect(seeded.segmentOf.get(row.user_id)).toBe(camera.index);
    const distances = rows.map((row) => Number(row.distance_to_centre));
    expect([...distances].sort((a, b) => a - b)).toEqual(distances);
    expect(rows.every((row) => Number(row.churn_score) > 0 && Number(row.churn_score) < 1)).toBe(true);
    expect(rows.some((row) => row['attribute:age_band'] !== '')).toBe(true);
    expect(new Set(rows.map((row) => row['attribute:is_member']))).toEqual(new Set(['true', 'false', '']));
  });

  it('pages through a segment in small pages to the same file, ties in distance included', async () => {
    const bargain = seeded.segments.find((s) => s.name === 'Bargain hunters') as SeededDataset['segments'][number];
    // A block of users at exactly one distance: paging must order them by user id, none lost or doubled.
    await getPool().query(
      `UPDATE user_profiles SET distance = 0.5 WHERE run_id = $1 AND segment_index = $2 AND user_id IN (
         SELECT user_id FROM user_profiles WHERE run_id = $1 AND segment_index = $2 ORDER BY user_id LIMIT 25)`,
      [seeded.runId, bargain.index],
    );
    const whole = await joined((await exportSegmentMembers(seeded.datasetId, bargain.index, { actor: 't' })).chunks);
    const file = await exportSegmentMembers(seeded.datasetId, bargain.index, { actor: 't', pageSize: 7 });
    const pages: string[] = [];
    for await (const chunk of file.chunks) pages.push(chunk);
    expect(pages.length).toBe(1 + Math.ceil(bargain.size / 7));
    expect(pages.join('')).toBe(whole);
    const ids = csvRecords(whole).map((row) => row.user_id);
    expect(new Set(ids).size).toBe(bargain.size);
  });

  it('answers a segment under the size floor exactly like a missing one', async () => {
    for (const index of [seeded.hiddenSegmentIndex, 99]) {
      const error = await exportSegmentMembers(seeded.datasetId, index, { actor: 'tester' }).catch((e) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(404);
      expect((error as ApiError).message).toBe(`Segment ${index} does not exist in run ${seeded.runId}`);
    }
  });

  it('writes the member export to the audit log with the segment and user count', async () => {
    const before = await auditCount(seeded.datasetId, 'export.members');
    const file = await exportSegmentMembers(seeded.datasetId, 1, { actor: 'pm@example.com' });
    expect(await auditCount(seeded.datasetId, 'export.members')).toBe(before + 1);
    await file.chunks.return(undefined);
  });
});

describe('settings changed after training', () => {
  let later: SeededDataset;
  beforeAll(async () => {
    later = await seedDatasetWithRun({ users: 200, seed: 5 });
  });

  it('leaves out an attribute marked sensitive after the run was trained, from personas, metrics and member lists', async () => {
    const pool = getPool();
    await pool.query(
      `UPDATE model_runs SET metrics = metrics || '{"attributes": {"age_band": {"metric": "macroF1", "value": 0.4}, "is_member": {"metric": "auc", "value": 0.55}}}'::jsonb WHERE id = $1`,
      [later.runId],
    );
    await pool.query(
      `UPDATE segments SET description = description || ' 40.0% have age_band 25-34 (vs 20.0% overall).' WHERE run_id = $1`,
      [later.runId],
    );
    await pool.query(
      `UPDATE datasets SET settings = settings || '{"sensitiveAttributes": ["religion", "Age_Band"]}'::jsonb WHERE id = $1`,
      [later.datasetId],
    );
    for (const format of ['csv', 'json', 'md', 'pdf'] as const) {
      const file = await exportPersonas(later.datasetId, format, { actor: 'tester' });
      let text = file.body.toString('utf8');
      if (format === 'pdf') {
        const parser = new PDFParse({ data: new Uint8Array(file.body) });
        text = (await parser.getText()).text;
        await parser.destroy();
      }
      expect(text, format).not.toMatch(/age.?band|25-34/i);
    }
    const json: Json = JSON.parse((await exportPersonas(later.datasetId, 'json', { actor: 'tester' })).body.toString());
    expect(Object.keys(json.metrics.attributes)).toEqual(['is_member']);
    const members = await joined((await exportSegmentMembers(later.datasetId, 0, { actor: 'tester' })).chunks);
    expect(members.slice(0, members.indexOf('\r\n'))).not.toMatch(/age_band|religion/);
    expect(members).toContain('attribute:is_member');
  });

  it('leaves out segments under a size floor raised after training, and counts them', async () => {
    const lapsed = later.segments.find((s) => s.name === 'Lapsed shoppers') as SeededDataset['segments'][number];
    await getPool().query(`UPDATE datasets SET settings = settings || $2::jsonb WHERE id = $1`, [
      later.datasetId,
      JSON.stringify({ segmentSizeFloor: lapsed.size + 1 }),
    ]);
    const json: Json = JSON.parse((await exportPersonas(later.datasetId, 'json', { actor: 'tester' })).body.toString());
    const hidden = later.segments.filter((s) => s.size <= lapsed.size);
    expect(json.personas.map((p: Json) => p.name)).not.toContain('Lapsed shoppers');
    expect(json.hiddenSegments).toEqual({ count: hidden.length, users: hidden.reduce((sum, s) => sum + s.size, 0) });
    await expect(exportSegmentMembers(later.datasetId, lapsed.index, { actor: 'tester' })).rejects.toThrow(
      /does not exist/,
    );
  });

  it('drops a representative user whose profile has been erased', async () => {
    const json: Json = JSON.parse((await exportPersonas(later.datasetId, 'json', { actor: 'tester' })).body.toString());
    const erased = json.personas[0].representativeUsers[0];
    await getPool().query('DELETE FROM user_profiles WHERE run_id = $1 AND user_id = $2', [later.runId, erased]);
    const after: Json = JSON.parse(
      (await exportPersonas(later.datasetId, 'json', { actor: 'tester' })).body.toString(),
    );
    expect(after.personas[0].representativeUsers).not.toContain(erased);
    expect(after.personas[0].representativeUsers).toHaveLength(json.personas[0].representativeUsers.length - 1);
  });

  it('escapes a persona name that a spreadsheet would run as a formula', async () => {
    await getPool().query(`UPDATE segments SET name = $2 WHERE run_id = $1 AND index = 0`, [
      later.runId,
      '=HYPERLINK("http://evil.example","Bargain hunters")',
    ]);
    const text = (await exportPersonas(later.datasetId, 'csv', { actor: 'tester' })).body.toString('utf8');
    expect(text).toContain(`,"'=HYPERLINK(""http://evil.example"",""Bargain hunters"")",`);
    const names = csvRecords(text).map((row) => row.name);
    expect(names).toContain(`'=HYPERLINK("http://evil.example","Bargain hunters")`);
    expect(names.some((name) => /^[=+\-@]/.test(name))).toBe(false);
  });
});
