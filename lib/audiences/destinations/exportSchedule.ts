import { BadInputError } from '@/lib/errors/domainError';
import { checkCron } from '@/lib/jobs/cronSchedule';

/** The words a CSV destination's schedule may be given as, and the cron expression each stands for. */
export const exportScheduleShorthands: Record<string, string> = {
  daily: '0 3 * * *',
  weekly: '0 3 * * 1',
};

/**
 * A CSV export schedule as stored: "daily" (03:00), "weekly" (Mondays 03:00) or a five-field cron
 * expression, read in the server's schedule zone. A schedule that cannot fire is refused with why.
 */
export function normaliseExportSchedule(input: string): string {
  const shorthand = exportScheduleShorthands[input.trim().toLowerCase()];
  if (shorthand) return shorthand;
  const check = checkCron(input);
  if (!check.ok) throw new BadInputError(`${check.error}, or "daily" or "weekly"`);
  return check.expression;
}
