import { z } from 'zod';
import type { Caller } from '@/lib/auth/caller';
import { exportFormats } from '@/lib/export/personaExport.types';
import { idParam, jsonResponse, route } from '@/lib/http/route';
import { locales } from '@/lib/i18n/locales';
import { readJobSettings } from '@/lib/jobs/jobSettings';
import { type Job, jobStatuses } from '@/lib/jobs/jobTypes';
import { listJobs } from '@/lib/jobs/listJobs';
import { startEvaluation } from '@/lib/jobs/startEvaluation';
import { startExport } from '@/lib/jobs/startExport';
import { startRetrain } from '@/lib/jobs/startRetrain';
import { sweepJobs } from '@/lib/jobs/sweepJobs';
import { deviceRequests } from '@/lib/ml/runtime/device/computeDevice';

const listQuery = z.object({
  status: z.enum([...jobStatuses, 'active']).optional(),
  datasetId: idParam.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

// Reading the list also fails jobs past their time limit, so none shows as running forever even
// when no worker is alive. Requeueing stale jobs is left to workers: on embedded PGlite this
// request may have waited behind the very worker whose heartbeat it would judge.
export const GET = route({ access: 'admin', query: listQuery }, async ({ query }) => {
  await sweepJobs(readJobSettings().staleMs, { requeueStale: false });
  return { jobs: await listJobs(query) };
});

const startBody = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('train'),
    datasetId: idParam,
    k: z.union([z.literal('auto'), z.number().int().min(2).max(30)]).default('auto'),
    textModel: z.boolean().default(true),
    /** the cluster map's projection, as `portrait train --map` */
    map: z.enum(['pca', 'umap']).default('pca'),
    /** where text embeddings and a large k-means run, as `portrait train --device`; the server's PORTRAIT_DEVICE when left out */
    device: z.enum(deviceRequests).optional(),
  }),
  z.object({
    type: z.literal('evaluate'),
    datasetId: idParam,
    truthAttributes: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
  }),
  z.object({
    type: z.literal('export'),
    datasetId: idParam,
    format: z.enum(exportFormats),
    runId: idParam.optional(),
    segmentIndex: z.number().int().min(0).max(10_000).optional(),
    locale: z.enum(locales).optional(),
  }),
]);

function startJob(caller: Caller, body: z.infer<typeof startBody>): Promise<Job> {
  switch (body.type) {
    case 'train':
      return startRetrain(caller, body);
    case 'evaluate':
      return startEvaluation(caller, body);
    case 'export':
      return startExport(caller, body);
  }
}

/** Queues a retrain, an evaluation or an export; a finished export's file is at /api/jobs/:id/file. */
export const POST = route({ access: 'admin', body: startBody, demoMayCall: true }, async ({ caller, body }) => {
  const job = await startJob(caller, body);
  return jsonResponse({ job }, { status: 202 });
});
