import { writeAudit } from '@/lib/audit/writeAudit';
import type { Caller } from '@/lib/auth/caller';
import { getPool } from '@/lib/db/connection';
import { BadInputError } from '@/lib/errors/domainError';
import { requireDataset } from '@/lib/queries/requireRun';
import { checkCron, nextRuns, scheduleTimeZone } from './cronSchedule';

export interface DatasetSchedule {
  datasetId: number;
  /** five-field cron expression, or null for no automatic retrain */
  cron: string | null;
  timeZone: string;
  nextRuns: string[];
}

function scheduleView(datasetId: number, cron: string | null): DatasetSchedule {
  return {
    datasetId,
    cron,
    timeZone: scheduleTimeZone(),
    nextRuns: cron ? nextRuns(cron, new Date(), 3).map((date) => date.toISOString()) : [],
  };
}

export async function getDatasetSchedule(datasetId: number): Promise<DatasetSchedule> {
  await requireDataset(datasetId);
  const { rows } = await getPool().query<{ schedule: string | null }>('SELECT schedule FROM datasets WHERE id = $1', [
    datasetId,
  ]);
  return scheduleView(datasetId, rows[0]?.schedule ?? null);
}

/** Sets or clears the dataset's retrain schedule; a worker starts a retrain at each time it fires. */
export async function setDatasetSchedule(
  caller: Caller | string,
  datasetId: number,
  cron: string | null,
): Promise<DatasetSchedule> {
  const dataset = await requireDataset(datasetId);
  let expression: string | null = null;
  if (cron !== null && cron.trim() !== '') {
    const check = checkCron(cron);
    if (!check.ok) throw new BadInputError(check.error);
    expression = check.expression;
  }
  const { rows } = await getPool().query<{ previous: string | null }>(
    `UPDATE datasets d SET schedule = $2, updated_at = now() FROM (SELECT schedule FROM datasets WHERE id = $1) old
     WHERE d.id = $1 RETURNING old.schedule AS previous`,
    [datasetId, expression],
  );
  await writeAudit(caller, expression ? 'schedule.set' : 'schedule.clear', `dataset:${dataset.id}`, {
    from: rows[0]?.previous ?? null,
    to: expression,
  });
  return scheduleView(datasetId, expression);
}
