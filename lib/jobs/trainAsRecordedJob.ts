import { getPool } from '@/lib/db/connection';
import { type TrainOptions, type TrainResult, trainDataset } from '@/lib/training/trainDataset';
import { stageAfter } from './handlers/trainJob';
import { logLine } from './queue';

/**
 * Trains a dataset outside the queue (the first start trains the demo before any worker runs)
 * and records it as a finished train job, so the job history shows it with its duration, log and
 * run like a retrain started from Admin. The row is written only once the training has ended: a
 * running row with no worker's heartbeat would be taken for a dead worker's and retried.
 */
export async function trainAsRecordedJob(
  datasetId: number,
  options: Omit<TrainOptions, 'log'> & { createdBy: string; log?: (line: string) => void },
): Promise<TrainResult> {
  const { createdBy, log, ...trainOptions } = options;
  const lines: string[] = [logLine(`Trained by ${createdBy}, outside the job queue`)];
  let stage = 'checking data';
  let percent = 0;
  const payload = {
    k: trainOptions.k ?? 'auto',
    seed: trainOptions.seed ?? 1,
    textModel: trainOptions.textModel ?? true,
    map: trainOptions.map ?? 'pca',
  };
  const startedAt = new Date();
  const record = (status: 'succeeded' | 'failed', result: object | null, error: string | null) => {
    const seconds = ((Date.now() - startedAt.getTime()) / 1000).toFixed(1);
    lines.push(logLine(status === 'succeeded' ? `Succeeded in ${seconds} s` : `Failed: ${error}`));
    return getPool().query(
      `INSERT INTO jobs (type, dataset_id, status, payload, stage, percent, log, result, error, created_by,
                         attempts, max_attempts, created_at, started_at, finished_at, heartbeat_at)
       VALUES ('train', $1, $2, $3, $4, $5, $6, $7, $8, $9, 1, 1, $10, $10, now(), now())`,
      [
        datasetId,
        status,
        JSON.stringify(payload),
        stage,
        percent,
        lines,
        result === null ? null : JSON.stringify(result),
        error,
        createdBy,
        startedAt,
      ],
    );
  };
  try {
    const result = await trainDataset(datasetId, {
      ...trainOptions,
      onProgress: (reached, value) => {
        stage = stageAfter[reached] ?? reached;
        percent = value;
        trainOptions.onProgress?.(reached, value);
      },
      log: (line) => {
        lines.push(logLine(line));
        log?.(line);
      },
    });
    await record('succeeded', result, null);
    return result;
  } catch (error) {
    await record('failed', null, (error as Error).message).catch(() => {});
    throw error;
  }
}
