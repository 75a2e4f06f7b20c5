import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { exportsFolder } from '@/lib/export/exportsFolder';
import { isInsideUploads } from '@/lib/imports/uploadFolder';
import { datasetRejectsFolder, isInsideRejects, rejectsRoot } from '@/lib/ingest/rejectsFolder';

function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, path.resolve(file));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * The files and folders Portrait keeps for a dataset: export files of its jobs, upload folders of
 * its imports (inputs and reject files), reject files its import reports name, and its folder of
 * reject files. Only paths inside Portrait's own folders are listed: a file a user chose (a CLI
 * `--reject-file`) is theirs. Read inside the deleting transaction, before the job rows go.
 */
export async function listDatasetFiles(
  client: pg.PoolClient,
  dataset: { id: number; name: string },
): Promise<string[]> {
  const paths = new Set<string>();
  const jobs = await client.query<{ type: string; payload: Record<string, unknown>; result: Record<string, unknown> }>(
    `SELECT type, payload, result FROM jobs
     WHERE (dataset_id = $1 AND type IN ('export', 'import'))
        OR (dataset_id IS NULL AND type = 'import' AND payload->>'datasetName' = $2)`,
    [dataset.id, dataset.name],
  );
  for (const job of jobs.rows) {
    const exported = job.result?.path;
    if (job.type === 'export' && typeof exported === 'string' && isInside(exportsFolder(), exported))
      paths.add(exported);
    const folder = job.payload?.uploadFolder;
    if (job.type === 'import' && typeof folder === 'string' && isInsideUploads(folder)) paths.add(folder);
  }
  const batches = await client.query<{ reject_file: string | null }>(
    `SELECT report->>'rejectFile' AS reject_file FROM import_batches WHERE dataset_id = $1`,
    [dataset.id],
  );
  for (const { reject_file: file } of batches.rows) {
    if (file && (isInsideUploads(file) || isInsideRejects(file))) paths.add(file);
  }
  paths.add(datasetRejectsFolder(dataset.id, dataset.name));
  // the rejects folder is named by id and name; a dataset renamed since still owns `<id>-*`
  for (const entry of await readdir(rejectsRoot()).catch(() => [])) {
    if (entry.startsWith(`${dataset.id}-`)) paths.add(path.join(rejectsRoot(), entry));
  }
  return [...paths];
}

async function countFiles(target: string): Promise<number> {
  const info = await stat(target).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return 1;
  const entries = await readdir(target, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => !entry.isDirectory()).length;
}

/** Removes the listed files and folders; a path already gone is fine. Returns how many files went. */
export async function removeDatasetFiles(paths: readonly string[]): Promise<number> {
  let removed = 0;
  for (const target of paths) {
    removed += await countFiles(target);
    await rm(target, { recursive: true, force: true });
  }
  return removed;
}
