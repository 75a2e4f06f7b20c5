import { getPool } from '@/lib/db/connection';
import { requireAudience } from './audienceRow';

export interface GroupRate {
  users: number;
  converted: number;
  rate: number;
  /** Wilson score interval, 95% */
  interval: [number, number];
}

export interface HoldoutReport {
  audienceId: number;
  goalEvent: string;
  /** the window: goal events from `from` (the later of the first member's entry and the chosen start) to `to` (the newest goal event) */
  from: string;
  to: string;
  targeted: GroupRate;
  holdout: GroupRate;
  /** targeted rate minus held-out rate, with its 95% interval (normal approximation) */
  uplift: { absolute: number; interval: [number, number]; relative: number | null };
  /** true when the interval of the difference excludes 0 */
  significant: boolean;
  note: string;
}

const z95 = 1.959964;

export function wilsonInterval(converted: number, users: number): [number, number] {
  if (users === 0) return [0, 0];
  const p = converted / users;
  const denominator = 1 + (z95 * z95) / users;
  const centre = (p + (z95 * z95) / (2 * users)) / denominator;
  const half = (z95 * Math.sqrt((p * (1 - p)) / users + (z95 * z95) / (4 * users * users))) / denominator;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export function compareRates(
  targeted: { users: number; converted: number },
  holdout: { users: number; converted: number },
): Pick<HoldoutReport, 'targeted' | 'holdout' | 'uplift' | 'significant'> {
  const rate = (group: { users: number; converted: number }) => (group.users ? group.converted / group.users : 0);
  const pt = rate(targeted);
  const ph = rate(holdout);
  const se =
    targeted.users && holdout.users
      ? Math.sqrt((pt * (1 - pt)) / targeted.users + (ph * (1 - ph)) / holdout.users)
      : Number.POSITIVE_INFINITY;
  const absolute = pt - ph;
  const interval: [number, number] = Number.isFinite(se) ? [absolute - z95 * se, absolute + z95 * se] : [-1, 1];
  return {
    targeted: { ...targeted, rate: pt, interval: wilsonInterval(targeted.converted, targeted.users) },
    holdout: { ...holdout, rate: ph, interval: wilsonInterval(holdout.converted, holdout.users) },
    uplift: { absolute, interval, relative: ph > 0 ? absolute / ph : null },
    significant: interval[0] > 0 || interval[1] < 0,
  };
}

/**
 * Did targeting work: the share of targeted and held-out members who did the goal event in the
 * window after they entered the audience (and after `since`, the campaign start).
 */
export async function holdoutReport(
  audienceId: number,
  options: { goalEvent: string; since?: Date; datasetId?: number },
): Promise<HoldoutReport> {
  const audience = await requireAudience(audienceId, options.datasetId);
  const since = options.since ?? new Date(0);
  const { rows } = await getPool().query<{
    holdout: boolean;
    users: number;
    converted: number;
    entered: Date;
    to: Date | null;
  }>(
    `SELECT m.holdout, count(*)::int AS users,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM events e WHERE e.dataset_id = $2 AND e.user_id = m.user_id
         AND e.type_key = event_type_key($3) AND e.ts >= greatest(m.entered_at, $4)))::int AS converted,
       min(m.entered_at) AS entered,
       (SELECT max(ts) FROM events WHERE dataset_id = $2 AND type_key = event_type_key($3)) AS to
     FROM audience_members m WHERE m.audience_id = $1 GROUP BY m.holdout`,
    [audienceId, audience.datasetId, options.goalEvent, since],
  );
  const group = (holdout: boolean) => {
    const row = rows.find((r) => r.holdout === holdout);
    return { users: row?.users ?? 0, converted: row?.converted ?? 0 };
  };
  const compared = compareRates(group(false), group(true));
  const to = rows[0]?.to ?? null;
  const entered = rows.reduce<Date | null>((first, row) => (first && first <= row.entered ? first : row.entered), null);
  const from = entered && entered > since ? entered : since;
  // to the minute when both fall on one day, where dates alone would read as the same moment
  const sameDay = to !== null && to.toISOString().slice(0, 10) === from.toISOString().slice(0, 10);
  const day = (date: Date) =>
    sameDay ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : date.toISOString().slice(0, 10);
  // Conversions count only after a member entered: an audience saved over imported history has
  // none until new events arrive, which "no clear difference yet" would not say.
  const note =
    compared.holdout.users === 0
      ? 'This audience keeps no control group: set a holdout share to measure uplift.'
      : to === null || to < from
        ? `No "${options.goalEvent}" events since the members entered (${day(from)})${to ? `; the newest is from ${day(to)}` : ''}: uplift is measured on the events that arrive after that.`
        : compared.significant
          ? `Targeted members did "${options.goalEvent}" ${compared.uplift.absolute > 0 ? 'more' : 'less'} often than the control group (95% interval of the difference excludes 0).`
          : `No clear difference yet: the 95% interval of the difference includes 0 (${compared.holdout.users} held out, ${compared.targeted.users} targeted).`;
  return {
    audienceId,
    goalEvent: options.goalEvent,
    from: from.toISOString(),
    // no goal event since the members entered: an empty window at their entry, not one that ends before it starts
    to: (to !== null && to > from ? to : from).toISOString(),
    ...compared,
    note,
  };
}
