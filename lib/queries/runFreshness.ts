import type { RunSummary } from './runSummary';

export const staleAfterDays = 7;

export interface RunFreshness {
  /** the newest event in the dataset now */
  newestEvent: string | null;
  /** events newer than the run's cut-off, which the run has not seen */
  eventsAfterCutoff: number;
  stale: boolean;
  /** why it is stale, in words, e.g. "the run is 9 days old" */
  reasons: string[];
}

/** A run is stale when newer events arrived after its cut-off or it is older than a week. */
export function runFreshness(
  run: RunSummary | null,
  newestEvent: Date | null,
  eventsAfterCutoff: number,
  now = new Date(),
): RunFreshness {
  const reasons: string[] = [];
  if (run) {
    const cutoff = run.eventsUpTo ? new Date(run.eventsUpTo) : null;
    if (newestEvent && cutoff && newestEvent > cutoff) {
      reasons.push(
        `${eventsAfterCutoff.toLocaleString('en-US')} ${eventsAfterCutoff === 1 ? 'event' : 'events'} arrived after the run's cut-off`,
      );
    }
    const trainedAt = new Date(run.finishedAt ?? run.startedAt);
    const ageDays = (now.getTime() - trainedAt.getTime()) / 86_400_000;
    if (ageDays > staleAfterDays) reasons.push(`the run is ${Math.floor(ageDays)} days old`);
  }
  return { newestEvent: newestEvent?.toISOString() ?? null, eventsAfterCutoff, stale: reasons.length > 0, reasons };
}
