import { getPool } from '@/lib/db/connection';
import { latestSlot } from '@/lib/jobs/cronSchedule';
import { scheduleActor } from '@/lib/jobs/enqueueDueSchedules';
import type { Job } from '@/lib/jobs/jobTypes';
import { enqueueJob } from '@/lib/jobs/queue';

export interface AudienceExportOutcome {
  destinationId: number;
  slot: string;
  outcome: 'queued' | 'slot_taken' | 'active' | 'invalid';
  job?: Job;
}

/**
 * Queues an export job for each CSV destination (not paused) whose schedule fired within the last
 * `windowMs`, as enqueueDueSchedules does for retrains: a slot missed while no worker ran is
 * skipped, and the slot key `csv:<destination>:<time>` on the job makes it one run per slot however
 * many workers look.
 */
export async function enqueueDueAudienceExports(now: Date, windowMs: number): Promise<AudienceExportOutcome[]> {
  const { rows } = await getPool().query<{ id: number; schedule: string; dataset_id: number }>(
    `SELECT d.id, d.schedule, a.dataset_id FROM destinations d JOIN audiences a ON a.id = d.audience_id
     WHERE d.kind = 'csv' AND d.schedule IS NOT NULL AND NOT d.paused ORDER BY d.id`,
  );
  const outcomes: AudienceExportOutcome[] = [];
  for (const destination of rows) {
    let slot: Date;
    try {
      slot = latestSlot(destination.schedule, now);
    } catch {
      outcomes.push({ destinationId: destination.id, slot: '', outcome: 'invalid' });
      continue;
    }
    if (now.getTime() - slot.getTime() > windowMs) continue;
    const enqueued = await enqueueJob({
      type: 'export',
      datasetId: destination.dataset_id,
      payload: { format: 'csv', destinationId: destination.id },
      createdBy: scheduleActor,
      scheduleSlot: `csv:${destination.id}:${slot.toISOString()}`,
    });
    outcomes.push({
      destinationId: destination.id,
      slot: slot.toISOString(),
      outcome: enqueued.created ? 'queued' : enqueued.reason,
      job: enqueued.job,
    });
  }
  return outcomes;
}
