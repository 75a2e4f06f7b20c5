import cronParser from 'cron-parser';

export type CronCheck = { ok: true; expression: string } | { ok: false; error: string };

/** The zone schedules are read in: PORTRAIT_TZ, else the server's own. */
export function scheduleTimeZone(): string {
  return process.env.PORTRAIT_TZ || Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** A standard five-field cron expression (minute hour day-of-month month day-of-week), normalised. */
export function checkCron(expression: string): CronCheck {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5 || fields[0] === '') {
    return {
      ok: false,
      error: `"${expression}" has ${fields[0] === '' ? 0 : fields.length} fields; a schedule needs 5: minute hour day-of-month month day-of-week (e.g. "0 3 * * *" for 03:00 every day)`,
    };
  }
  const normalised = fields.join(' ');
  try {
    cronParser.parseExpression(normalised, { tz: scheduleTimeZone() });
  } catch (error) {
    return { ok: false, error: `"${expression}" is not a valid schedule: ${(error as Error).message}` };
  }
  return { ok: true, expression: normalised };
}

/** The next `count` times the schedule fires after `from`. */
export function nextRuns(expression: string, from: Date, count: number): Date[] {
  const interval = cronParser.parseExpression(expression, { currentDate: from, tz: scheduleTimeZone() });
  const runs: Date[] = [];
  for (let i = 0; i < count; i++) runs.push(interval.next().toDate());
  return runs;
}

/** The latest time at or before `now` that the schedule fired. */
export function latestSlot(expression: string, now: Date): Date {
  // prev() is strictly before currentDate; a millisecond later makes a slot at exactly `now` count.
  const interval = cronParser.parseExpression(expression, {
    currentDate: new Date(now.getTime() + 1),
    tz: scheduleTimeZone(),
  });
  return interval.prev().toDate();
}
