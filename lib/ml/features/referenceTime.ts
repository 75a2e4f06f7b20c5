import { readTimestampWindow } from '@/lib/ingest/limits';

export interface ReferenceTime {
  /** the pipeline's "now", epoch ms: the last event time that is not in the future */
  ms: number;
  /** events after the server clock (plus PORTRAIT_TS_MAX_FUTURE_DAYS), left out of `ms` */
  later: number;
}

/**
 * The time a run treats as "now" (features' recency, the churn cutoff): the latest event, except
 * events dated after the server's clock plus PORTRAIT_TS_MAX_FUTURE_DAYS, which ingest refuses
 * today but older data or a changed window may still hold. One event dated 9999 would otherwise
 * put the churn cutoff thousands of years after every other event and leave no one to label.
 * When every event is in the future, the latest one is used.
 */
export function referenceTime(ts: ArrayLike<number>, now = Date.now()): ReferenceTime {
  const limit = readTimestampWindow(now).maxMs;
  let latest = Number.NEGATIVE_INFINITY;
  let latestAny = Number.NEGATIVE_INFINITY;
  let later = 0;
  for (let index = 0; index < ts.length; index++) {
    const value = ts[index];
    if (value > latestAny) latestAny = value;
    if (value > limit) later += 1;
    else if (value > latest) latest = value;
  }
  return Number.isFinite(latest) ? { ms: latest, later } : { ms: latestAny, later: 0 };
}
