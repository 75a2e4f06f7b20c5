const dayMs = 86_400_000;

/**
 * Whether an event's time was given as a date alone: parseTimestamp stores such a date at
 * midnight UTC, so it has a day but no time of day (a real time at exactly midnight to the
 * millisecond reads the same, a rare loss).
 */
export function isDateOnly(ms: number): boolean {
  return ms % dayMs === 0;
}
