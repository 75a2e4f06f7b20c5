import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPool } from '@/lib/db/connection';
import { openExportFile } from '@/lib/jobs/openExportFile';
import { type SeededDataset, seedDatasetWithRun } from '@/test/helpers/seedRun';
import { eraseTrackedUser } from './eraseTrackedUser';

let seeded: SeededDataset;
let folder: string;
const saved = { exports: process.env.PORTRAIT_EXPORTS_DIR, uploads: process.env.PORTRAIT_UPLOAD_DIR };

beforeAll(async () => {
  seeded = await seedDatasetWithRun({ users: 120, seed: 23 });
  folder = await mkdtemp(path.join(tmpdir(), 'portrait-scrub-'));
  process.env.PORTRAIT_EXPORTS_DIR = path.join(folder, 'exports');
  process.env.PORTRAIT_UPLOAD_DIR = path.join(folder, 'uploads');
  await mkdir(process.env.PORTRAIT_EXPORTS_DIR, { recursive: true });
  await mkdir(path.join(process.env.PORTRAIT_UPLOAD_DIR, 'upload-1'), { recursive: true });
});

afterAll(async () => {
  process.env.PORTRAIT_EXPORTS_DIR = saved.exports;
  process.env.PORTRAIT_UPLOAD_DIR = saved.uploads;
  if (saved.exports === undefined) delete process.env.PORTRAIT_EXPORTS_DIR;
  if (saved.uploads === undefined) delete process.env.PORTRAIT_UPLOAD_DIR;
  await rm(folder, { recursive: true, force: true });
});

async function exportJob(fileName: string, format: string, content: string): Promise<{ id: number; file: string }> {
  const file = path.join(process.env.PORTRAIT_EXPORTS_DIR as string, fileName);
  await writeFile(file, content);
  const { rows } = await getPool().query<{ id: number }>(
    `INSERT INTO jobs (type, dataset_id, status, result) VALUES ('export', $1, 'succeeded', $2) RETURNING id`,
    [seeded.datasetId, JSON.stringify({ path: file, fileName, format, runId: seeded.runId })],
  );
  return { id: rows[0].id, file };
}

describe('erasing a user also scrubs the files Portrait stored', () => {
  it('deletes exports that name the user, drops their rejected rows and bad-row messages, and touches nothing else', async () => {
    const { rows } = await getPool().query<{ user_id: string }>(
      `SELECT jsonb_array_elements_text(persona->'representativeUsers') AS user_id FROM segments
       WHERE run_id = $1 AND NOT below_floor ORDER BY index LIMIT 1`,
      [seeded.runId],
    );
    const userId = rows[0].user_id;
    const longerId = `${userId}9`;

    const members = await exportJob('members.csv', 'csv', `user_id,segment\n${longerId},1\n${userId},1\n`);
    const others = await exportJob('others.csv', 'csv', `user_id,segment\n${longerId},1\n`);
    const pdf = await exportJob('personas.pdf', 'pdf', '%PDF-1.3 compressed');

    const rejectFile = path.join(process.env.PORTRAIT_UPLOAD_DIR as string, 'upload-1', 'events.rejects.csv');
    await writeFile(
      rejectFile,
      `user_id,item_id,type,ts,_error\n${userId},,view,yesterday,bad ts\n${longerId},,view,nope,bad ts\n`,
    );
    const errors = [
      { file: 'events.csv', line: 2, reason: `ts "yesterday" of user ${userId} is not a date` },
      { file: 'events.csv', line: 3, reason: 'ts "nope" is not a date' },
    ];
    const batch = await getPool().query<{ id: number }>(
      `INSERT INTO import_batches (dataset_id, kind, source, status, report) VALUES ($1, 'events', 'upload', 'succeeded', $2)
       RETURNING id`,
      [seeded.datasetId, JSON.stringify({ rejectFile, errors })],
    );
    const importJob = await getPool().query<{ id: number }>(
      `INSERT INTO jobs (type, dataset_id, status, result) VALUES ('import', $1, 'succeeded', $2) RETURNING id`,
      [seeded.datasetId, JSON.stringify({ ok: true, errors, errorCount: 2 })],
    );

    const report = await eraseTrackedUser('privacy-test', seeded.datasetId, userId);
    expect(report?.files).toEqual({ exportFiles: 2, rejectedRows: 1, importErrors: 2 });

    expect(existsSync(members.file)).toBe(false);
    expect(existsSync(pdf.file)).toBe(false);
    expect(existsSync(others.file)).toBe(true);
    await expect(openExportFile('privacy-test', members.id)).rejects.toThrow(/deleted when a user it named was erased/);
    await expect(openExportFile('privacy-test', others.id)).resolves.toMatchObject({ fileName: 'others.csv' });

    expect(await readFile(rejectFile, 'utf8')).toBe(`user_id,item_id,type,ts,_error\n${longerId},,view,nope,bad ts\n`);
    const stored = await getPool().query<{ report: { errors: unknown[] } }>(
      'SELECT report FROM import_batches WHERE id = $1',
      [batch.rows[0].id],
    );
    expect(stored.rows[0].report.errors).toEqual([errors[1]]);
    const job = await getPool().query<{ result: { errors: unknown[] } }>('SELECT result FROM jobs WHERE id = $1', [
      importJob.rows[0].id,
    ]);
    expect(job.rows[0].result.errors).toEqual([errors[1]]);
  });
});
