import path from 'node:path';
import { z } from 'zod';
import { writeAudienceCsvRun } from '@/lib/audiences/destinations/writeAudienceCsvRun';
import { exportPersonas } from '@/lib/export/exportPersonas';
import { exportSegmentMembers, memberPageSize } from '@/lib/export/exportSegmentMembers';
import { exportsFolder } from '@/lib/export/exportsFolder';
import { exportFormats } from '@/lib/export/personaExport.types';
import { writeExportFile } from '@/lib/export/writeExportFile';
import { locales } from '@/lib/i18n/locales';
import type { JobHandler } from '../jobHandler';
import { parseJobPayload } from '../parseJobPayload';

/**
 * An export job: the personas in one format, (with segmentIndex) a segment's members as CSV, or
 * (with destinationId) a run of an audience's CSV destination.
 */
export const exportPayloadSchema = z.object({
  format: z.enum(exportFormats).default('csv'),
  runId: z.number().int().positive().optional(),
  segmentIndex: z.number().int().min(0).optional(),
  destinationId: z.number().int().positive().optional(),
  /** the language of a Markdown or PDF export (and the CSV's text cells); English when absent */
  locale: z.enum(locales).optional(),
  /** set on runs a CSV destination's schedule started: `csv:<destination id>:<slot>`, unique per run */
  scheduleSlot: z.string().optional(),
});
export type ExportPayload = z.infer<typeof exportPayloadSchema>;

/**
 * Writes the export into the exports folder (exportsFolder) as `<job id>-<file name>` and
 * returns its path, so the file outlives the request that asked for it.
 */
export const exportJob: JobHandler = async (job, context) => {
  if (job.datasetId === null) throw new Error('An export job needs a dataset');
  const payload = parseJobPayload(exportPayloadSchema, job, 'export');
  const actor = job.createdBy ?? `job:${job.id}`;
  context.progress('exporting', 0);

  if (payload.destinationId !== undefined) {
    const run = await writeAudienceCsvRun(payload.destinationId, job, () => context.checkpoint());
    context.log(`Wrote ${run.rows} audience members to ${run.path}`);
    return run;
  }

  if (payload.segmentIndex !== undefined) {
    const file = await exportSegmentMembers(job.datasetId, payload.segmentIndex, { actor, runId: payload.runId });
    const target = path.join(exportsFolder(), `${job.id}-${file.fileName}`);
    // The first chunk is the header; each later one is a page of up to memberPageSize members.
    let pages = -1;
    async function* withProgress() {
      for await (const chunk of file.chunks) {
        context.checkpoint();
        pages++;
        context.report('exporting members', Math.min(99, (100 * pages * memberPageSize) / Math.max(1, file.users)));
        yield chunk;
      }
    }
    const bytes = await writeExportFile(target, withProgress());
    context.log(`Wrote ${file.users} members of segment ${payload.segmentIndex} to ${target}`);
    return { path: target, fileName: file.fileName, format: 'csv', runId: file.runId, users: file.users, bytes };
  }

  const file = await exportPersonas(job.datasetId, payload.format, {
    actor,
    runId: payload.runId,
    locale: payload.locale,
  });
  context.progress('writing', 90);
  const target = path.join(exportsFolder(), `${job.id}-${file.fileName}`);
  const bytes = await writeExportFile(target, file.body);
  context.log(`Wrote ${file.personas} personas as ${payload.format} to ${target}`);
  return {
    path: target,
    fileName: file.fileName,
    format: payload.format,
    runId: file.runId,
    personas: file.personas,
    bytes,
  };
};
