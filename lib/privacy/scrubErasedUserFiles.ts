import { readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { getPool } from '@/lib/db/connection';
import { exportsFolder } from '@/lib/export/exportsFolder';
import { isInsideUploads } from '@/lib/imports/uploadFolder';
import { isInsideRejects } from '@/lib/ingest/rejectsFolder';
import type { ImportRowError } from '@/lib/ingest/types';

export interface ScrubReport {
  /** export files deleted because they named the user */
  exportFiles: number;
  /** rejected rows removed from reject files of dashboard uploads */
  rejectedRows: number;
  /** bad-row messages removed from import reports */
  importErrors: number;
}

/** The user id as a whole value: not inside a longer id ("u1" is not in "u10"). */
function mentionPattern(userId: string): RegExp {
  const escaped = userId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}\\p{N}_-])${escaped}($|[^\\p{L}\\p{N}_-])`, 'u');
}

function insideExports(file: string): boolean {
  const relative = path.relative(exportsFolder(), path.resolve(file));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * After an erasure, the files Portrait keeps that may name the user: export files of the
 * dataset that list them (CSV, JSON and Markdown are searched; a PDF goes when its run had the
 * user among a persona's representative users) are deleted and their jobs say why; their rows
 * leave the reject files of dashboard uploads and of imports into the dataset's rejects folder; and bad-row messages naming them leave import
 * reports. Files a user wrote outside Portrait's folders (a CLI --reject path) are theirs to keep.
 */
export async function scrubErasedUserFiles(
  datasetId: number,
  userId: string,
  representativeRuns: number[],
): Promise<ScrubReport> {
  const mentions = mentionPattern(userId);
  const report: ScrubReport = { exportFiles: 0, rejectedRows: 0, importErrors: 0 };

  const exports = await getPool().query<{ id: number; result: Record<string, unknown> }>(
    `SELECT id, result FROM jobs WHERE dataset_id = $1 AND type = 'export' AND status = 'succeeded'
       AND jsonb_typeof(result->'path') = 'string' AND NOT coalesce((result->>'erased')::boolean, false)`,
    [datasetId],
  );
  for (const job of exports.rows) {
    const file = job.result.path as string;
    if (!insideExports(file)) continue;
    const named =
      job.result.format === 'pdf'
        ? representativeRuns.includes(Number(job.result.runId))
        : await readFile(file, 'utf8').then(
            (text) => mentions.test(text),
            () => false,
          );
    if (!named) continue;
    await unlink(file).catch(() => {});
    await getPool().query(`UPDATE jobs SET result = result || '{"erased": true}'::jsonb WHERE id = $1`, [job.id]);
    report.exportFiles++;
  }

  const batches = await getPool().query<{ id: number; report: { rejectFile?: unknown; errors?: ImportRowError[] } }>(
    `SELECT id, report FROM import_batches WHERE dataset_id = $1`,
    [datasetId],
  );
  for (const batch of batches.rows) {
    const rejectFile = batch.report.rejectFile;
    if (typeof rejectFile === 'string' && (isInsideUploads(rejectFile) || isInsideRejects(rejectFile))) {
      const text = await readFile(rejectFile, 'utf8').catch(() => null);
      if (text !== null) {
        const lines = text.split('\n');
        const isCsv = !rejectFile.endsWith('.ndjson');
        const kept = lines.filter((line, index) => (isCsv && index === 0) || !mentions.test(line));
        if (kept.length < lines.length) {
          report.rejectedRows += lines.length - kept.length;
          await writeFile(rejectFile, kept.join('\n'));
        }
      }
    }
    const errors = batch.report.errors ?? [];
    const keptErrors = errors.filter((error) => !mentions.test(error.reason));
    if (keptErrors.length < errors.length) {
      report.importErrors += errors.length - keptErrors.length;
      await getPool().query(
        `UPDATE import_batches SET report = jsonb_set(report, '{errors}', $2::jsonb) WHERE id = $1`,
        [batch.id, JSON.stringify(keptErrors)],
      );
    }
  }

  const imports = await getPool().query<{ id: number; result: { errors?: ImportRowError[] } }>(
    `SELECT id, result FROM jobs WHERE dataset_id = $1 AND type = 'import' AND jsonb_typeof(result->'errors') = 'array'`,
    [datasetId],
  );
  for (const job of imports.rows) {
    const errors = job.result.errors ?? [];
    const kept = errors.filter((error) => !mentions.test(error.reason));
    if (kept.length === errors.length) continue;
    report.importErrors += errors.length - kept.length;
    await getPool().query(`UPDATE jobs SET result = jsonb_set(result, '{errors}', $2::jsonb) WHERE id = $1`, [
      job.id,
      JSON.stringify(kept),
    ]);
  }
  return report;
}
