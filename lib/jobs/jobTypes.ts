import { z } from 'zod';
import { deviceRequests } from '@/lib/ml/runtime/device/computeDevice';

export const jobTypes = ['import', 'train', 'train_chunk', 'evaluate', 'export', 'deliver'] as const;
export type JobType = (typeof jobTypes)[number];

export const jobStatuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof jobStatuses)[number];

// Payloads are stored as JSON and read back by a worker that may run a later version: each
// handler parses its payload with these schemas (parseJobPayload) instead of trusting a cast.

export const trainPayloadSchema = z.object({
  k: z.union([z.literal('auto'), z.number().int().min(1).max(50)]).default('auto'),
  textModel: z.boolean().default(true),
  seed: z.number().int().optional(),
  /** cluster-map projection; UMAP is slower and its map cannot place newly assigned users exactly */
  map: z.enum(['pca', 'umap']).default('pca'),
  /** where text embeddings and a large k-means run; PORTRAIT_DEVICE when absent */
  device: z.enum(deviceRequests).optional(),
  /** set on jobs a dataset schedule started: the cron slot, which makes them unique */
  scheduleSlot: z.string().optional(),
  /** fit on a sample of this many users when there are more (PORTRAIT_FIT_SAMPLE_USERS when absent) */
  fitSampleUsers: z.number().int().min(0).optional(),
  /** users per train_chunk job after a sample fit (10,000 when absent) */
  chunkUsers: z.number().int().min(1).optional(),
});
export type TrainPayload = z.input<typeof trainPayloadSchema>;

/** One chunk of a sample-fitted run's users (TrainChunk), which any worker may profile and save. */
export const trainChunkPayloadSchema = z.object({
  runId: z.number().int().positive(),
  index: z.number().int().min(0),
  from: z.number().int().min(0),
  firstUserId: z.string(),
  lastUserId: z.string(),
  users: z.number().int().min(1),
});

const fileKinds = z.object({ events: z.string(), items: z.string(), users: z.string() });

export const importPayloadSchema = z.object({
  datasetName: z.string().min(1),
  events: z.string().optional(),
  items: z.string().optional(),
  users: z.string().optional(),
  skipInvalid: z.boolean().optional(),
  /** how the files' columns become fields, in the `--map` form (remembered for the dataset once imported) */
  mapping: z.string().optional(),
  /** the names the files were uploaded under, for the error report */
  fileNames: fileKinds.partial().optional(),
  /** set for uploads: the folder the files were stored in; the inputs are deleted once imported */
  uploadFolder: z.string().optional(),
});
export type ImportPayload = z.infer<typeof importPayloadSchema>;

export const evaluatePayloadSchema = z.object({
  truthAttributes: z.array(z.string()).default([]),
});
export type EvaluatePayload = z.input<typeof evaluatePayloadSchema>;

export const deliverPayloadSchema = z.object({
  destinationId: z.number().int().positive(),
  test: z.boolean().default(false),
});

/** A row of `jobs` as the rest of the app sees it. */
export interface Job {
  id: number;
  type: JobType;
  datasetId: number | null;
  status: JobStatus;
  payload: Record<string, unknown>;
  stage: string | null;
  percent: number;
  log: string[];
  result: Record<string, unknown> | null;
  error: string | null;
  createdBy: string | null;
  attempts: number;
  maxAttempts: number;
  workerId: string | null;
  heartbeatAt: string | null;
  timeoutSec: number;
  cancelAsked: boolean;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface JobRow {
  id: number;
  type: string;
  dataset_id: number | null;
  status: string;
  payload: Record<string, unknown>;
  stage: string | null;
  percent: number;
  log: string[];
  result: Record<string, unknown> | null;
  error: string | null;
  created_by: string | null;
  attempts: number;
  max_attempts: number;
  worker_id: string | null;
  heartbeat_at: Date | null;
  timeout_sec: number;
  cancel_asked: boolean;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export function jobFromRow(row: JobRow): Job {
  return {
    id: row.id,
    type: row.type as JobType,
    datasetId: row.dataset_id,
    status: row.status as JobStatus,
    payload: row.payload ?? {},
    stage: row.stage,
    percent: row.percent,
    log: row.log ?? [],
    result: row.result,
    error: row.error,
    createdBy: row.created_by,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    workerId: row.worker_id,
    heartbeatAt: row.heartbeat_at?.toISOString() ?? null,
    timeoutSec: row.timeout_sec,
    cancelAsked: row.cancel_asked,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}
