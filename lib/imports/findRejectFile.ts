import path from 'node:path';
import { ApiError } from '@/lib/http/apiError';
import { isInsideRejects } from '@/lib/ingest/rejectsFolder';
import type { ImportKind } from '@/lib/ingest/types';
import { getJob } from '@/lib/jobs/queue';
import type { ImportJobReport } from './importReport';
import { isInsideUploads } from './uploadFolder';

export interface RejectFile {
  path: string;
  /** the name to download it under: the uploaded name with `.rejects.csv` (or `.ndjson`) */
  downloadName: string;
  format: 'csv' | 'ndjson';
}

/** The reject file of one file of a finished upload import, for download. */
export async function findRejectFile(jobId: number, kind: ImportKind): Promise<RejectFile> {
  const job = await getJob(jobId);
  if (job?.type !== 'import') throw new ApiError('not_found', `Import job ${jobId} does not exist`);
  const report = job.result as ImportJobReport | null;
  const file = report?.files?.find((entry) => entry.kind === kind);
  if (!file) throw new ApiError('not_found', `Job ${jobId} imported no ${kind} file`);
  // only files in Portrait's own folders are served: a job's result is data, not a licence to read any path
  if (!file.rejectFile || !(isInsideRejects(file.rejectFile) || isInsideUploads(file.rejectFile))) {
    throw new ApiError('not_found', `No rows of ${file.name} were rejected`);
  }
  const base = path
    .basename(file.name)
    .replace(/\.gz$/i, '')
    .replace(/\.(csv|tsv|ndjson|jsonl|json)$/i, '');
  return { path: file.rejectFile, downloadName: `${base}.rejects.${file.format}`, format: file.format };
}
