import { writeAudit } from '@/lib/audit/writeAudit';
import { getPool } from '@/lib/db/connection';
import { latestSlot } from './cronSchedule';
import { trainTimeoutSec } from './jobSettings';
import type { Job } from './jobTypes';
import { enqueueJob } from './queue';

export const scheduleActor = 'schedule';

export interface ScheduleOutcome {
  datasetId: number;
  slot: string;
  outcome: 'queued' | 'slot_taken' | 'active' | 'invalid';
  job?: Job;
}

/**
 * Queues a retrain for each dataset whose schedule fired within the last `windowMs`. Like cron,
 * a slot missed while no worker ran is skipped, not caught up. Every worker calls this each
 * minute; the slot key on the job, checked under the dataset's job lock, makes it one job per
 * slot however many workers look, and no new job while one of the dataset is queued or running.
 */
export async function enqueueDueSchedules(now: Date, windowMs: number): Promise<ScheduleOutcome[]> {
  const { rows } = await getPool().query<{ id: number; schedule: string }>(
    'SELECT id, schedule FROM datasets WHERE schedule IS NOT NULL ORDER BY id',
  );
  const outcomes: ScheduleOutcome[] = [];
  for (const dataset of rows) {
    let slot: Date;
    try {
      slot = latestSlot(dataset.schedule, now);
    } catch {
      outcomes.push({ datasetId: dataset.id, slot: '', outcome: 'invalid' });
      continue;
    }
    if (now.getTime() - slot.getTime() > windowMs) continue;
    const enqueued = await enqueueJob({
      type: 'train',
      datasetId: dataset.id,
      payload: { k: 'auto', textModel: true },
      createdBy: scheduleActor,
      exclusive: true,
      timeoutSec: trainTimeoutSec(),
      scheduleSlot: slot.toISOString(),
    });
    if (enqueued.created) {
      await writeAudit(scheduleActor, 'retrain.start', `dataset:${dataset.id}`, {
        jobId: enqueued.job.id,
        schedule: dataset.schedule,
        slot: slot.toISOString(),
      });
      outcomes.push({ datasetId: dataset.id, slot: slot.toISOString(), outcome: 'queued', job: enqueued.job });
    } else {
      outcomes.push({ datasetId: dataset.id, slot: slot.toISOString(), outcome: enqueued.reason, job: enqueued.job });
    }
  }
  return outcomes;
}
