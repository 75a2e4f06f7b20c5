import type { EventTable } from '@/lib/ml/types';

export type LifecycleStage = 'new' | 'active' | 'lapsed' | 'one-time';
export const lifecycleStages: readonly LifecycleStage[] = ['new', 'active', 'lapsed', 'one-time'];

export interface UserLifecycle {
  /** per user, an index into lifecycleStages; -1 when the data spans too little time to say */
  stage: Int8Array;
  /** the window, in days before the data's end, that counts as "recent" */
  recentDays: number;
}

const dayMs = 86_400_000;
/** Below this span "new" and "lapsed" mean nothing: everyone was first and last seen together. */
const minimumSpanDays = 7;

/**
 * Each user's lifecycle stage relative to the end of the data (`asOf`), not to today, so an old
 * data set does not make everyone lapsed. "Recent" is the last 15% of the data's span (1 to 90
 * days):
 *   new       first seen within the recent window
 *   one-time  active on a single day, before the recent window
 *   lapsed    active on several days, last seen more than twice the recent window ago
 *   active    everyone else: several days of activity, seen lately
 */
export function userLifecycle(events: EventTable, asOf: number): UserLifecycle {
  const users = events.userIds.length;
  const first = new Float64Array(users).fill(Number.POSITIVE_INFINITY);
  const last = new Float64Array(users).fill(Number.NEGATIVE_INFINITY);
  const days = new Int32Array(users);
  const seenDay = new Float64Array(users).fill(Number.NaN);
  let start = Number.POSITIVE_INFINITY;
  for (let e = 0; e < events.ts.length; e++) {
    const u = events.user[e];
    const ts = events.ts[e];
    if (ts < first[u]) first[u] = ts;
    if (ts > last[u]) last[u] = ts;
    if (ts < start) start = ts;
    const day = Math.floor(ts / dayMs);
    // Events arrive sorted by user then time, so a new day shows as a change from the previous event.
    if (day !== seenDay[u]) {
      days[u]++;
      seenDay[u] = day;
    }
  }
  const stage = new Int8Array(users).fill(-1);
  const spanDays = (asOf - start) / dayMs;
  if (!(spanDays >= minimumSpanDays)) return { stage, recentDays: 0 };
  const recentDays = Math.min(90, Math.max(1, 0.15 * spanDays));
  for (let u = 0; u < users; u++) {
    if (days[u] === 0) continue;
    const age = (asOf - first[u]) / dayMs;
    const idle = (asOf - last[u]) / dayMs;
    if (age <= recentDays) stage[u] = 0;
    else if (days[u] === 1) stage[u] = 3;
    else if (idle > 2 * recentDays) stage[u] = 2;
    else stage[u] = 1;
  }
  return { stage, recentDays };
}
