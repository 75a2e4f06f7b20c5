import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { writeAudit } from '@/lib/audit/writeAudit';
import type { Caller } from '@/lib/auth/caller';
import { NotFoundError } from '@/lib/errors/domainError';
import { exportsFolder } from '@/lib/export/exportsFolder';
import { type ExportFormat, exportContentTypes } from '@/lib/export/personaExport.types';
import { getJob } from './queue';

export interface ExportFileStream {
  fileName: string;
  contentType: string;
  bytes: number;
  body: ReadableStream<Uint8Array>;
}

/**
 * The file a finished export job wrote, opened for download, with the download written to the
 * audit log. Only a file inside the exports folder is served, whatever a job's result says.
 */
export async function openExportFile(caller: Caller | string, jobId: number): Promise<ExportFileStream> {
  const job = await getJob(jobId);
  if (!job) throw new NotFoundError(`Job ${jobId} does not exist`);
  const result = job.result ?? {};
  const filePath = typeof result.path === 'string' ? result.path : null;
  const fileName = typeof result.fileName === 'string' ? result.fileName : null;
  if (job.type !== 'export' || job.status !== 'succeeded' || !filePath || !fileName) {
    const why =
      job.type !== 'export' ? `is ${job.type === 'evaluate' ? 'an' : 'a'} ${job.type} job` : `is ${job.status}`;
    throw new NotFoundError(`Job ${jobId} has no file to download: it ${why}`);
  }
  if (result.erased === true) {
    throw new NotFoundError(
      `The file of job ${jobId} (${fileName}) was deleted when a user it named was erased: export again`,
    );
  }
  const folder = exportsFolder();
  const resolved = path.resolve(filePath);
  let stat: fs.Stats | null = null;
  if (resolved.startsWith(`${folder}${path.sep}`)) stat = await fs.promises.stat(resolved).catch(() => null);
  if (!stat?.isFile()) {
    throw new NotFoundError(`The file of job ${jobId} (${fileName}) is gone from the exports folder`);
  }
  await writeAudit(caller, 'export.download', `job:${jobId}`, { datasetId: job.datasetId, fileName, bytes: stat.size });
  const format = result.format as ExportFormat;
  return {
    fileName,
    contentType: exportContentTypes[format] ?? 'application/octet-stream',
    bytes: stat.size,
    body: Readable.toWeb(fs.createReadStream(resolved)) as ReadableStream<Uint8Array>,
  };
}
