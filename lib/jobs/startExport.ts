import { writeAudit } from '@/lib/audit/writeAudit';
import { type Caller, callerName } from '@/lib/auth/caller';
import { readPipelineSettings } from '@/lib/datasets/readPipelineSettings';
import { getPool } from '@/lib/db/connection';
import { BadInputError, NotFoundError } from '@/lib/errors/domainError';
import type { ExportFormat } from '@/lib/export/personaExport.types';
import type { Locale } from '@/lib/i18n/locales';
import type { ExportPayload } from './handlers/exportJob';
import type { Job } from './jobTypes';
import { enqueueJob } from './queue';
import { requireTrainedRun } from './requireTrainedRun';

export interface ExportRequest {
  datasetId: number;
  format: ExportFormat;
  /** an older succeeded run instead of the active one */
  runId?: number;
  /** a segment's member list (CSV) instead of the personas */
  segmentIndex?: number;
  /** the language of the personas file; English when absent */
  locale?: Locale;
}

/**
 * Queues an export of a trained dataset's personas (or one segment's members) for a worker,
 * which writes the file for GET /api/jobs/:id/file. The export itself is written to the audit
 * log when the worker makes it, as every export is; this records who asked for it.
 */
export async function startExport(caller: Caller | string, request: ExportRequest): Promise<Job> {
  const run = await requireTrainedRun(request.datasetId, request.runId);
  if (request.segmentIndex !== undefined) {
    if (request.format !== 'csv') throw new BadInputError('A member list is exported as CSV only');
    // As exportSegmentMembers answers it, so the job is refused now rather than failing later.
    const { segmentSizeFloor } = await readPipelineSettings(run.dataset.id);
    const { rows } = await getPool().query<{ size: number; below_floor: boolean }>(
      'SELECT size, below_floor FROM segments WHERE run_id = $1 AND index = $2',
      [run.runId, request.segmentIndex],
    );
    const segment = rows[0];
    if (!segment || segment.below_floor || segment.size < segmentSizeFloor) {
      throw new NotFoundError(`Segment ${request.segmentIndex} does not exist in run ${run.runId}`);
    }
  }
  const payload: ExportPayload = {
    format: request.format,
    ...(request.runId !== undefined ? { runId: request.runId } : {}),
    ...(request.segmentIndex !== undefined ? { segmentIndex: request.segmentIndex } : {}),
    ...(request.locale !== undefined && request.locale !== 'en' ? { locale: request.locale } : {}),
  };
  const { job } = await enqueueJob({
    type: 'export',
    datasetId: run.dataset.id,
    payload,
    createdBy: typeof caller === 'string' ? caller : callerName(caller),
  });
  await writeAudit(caller, 'export.start', `dataset:${run.dataset.id}`, { jobId: job.id, ...payload });
  return job;
}
