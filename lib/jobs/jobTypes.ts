export const jobTypes = ['import', 'train', 'evaluate', 'export', 'deliver'] as const;
export type JobType = (typeof jobTypes)[number];

export const jobStatuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof jobStatuses)[number];

export interface TrainPayload {
  k: 'auto' | number;
  textModel: boolean;
  seed?: number;
  /** set on jobs a dataset schedule started: the cron slot, which makes them unique */
  scheduleSlot?: string;
}

export interface ImportPayload {
  datasetName: string;
  events?: string;
  items?: string;
  users?: string;
  skipInvalid?: boolean;
  /** how the files' columns become fields, in the `--map` form (remembered for the dataset once imported) */
  mapping?: string;
  /** the names the files were uploaded under, for the error report */
  fileNames?: Partial<Record<'events' | 'items' | 'users', string>>;
  /** set for uploads: the folder the files were stored in; the inputs are deleted once imported */
  uploadFolder?: string;
}

export interface EvaluatePayload {
  truthAttributes: string[];
}

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
