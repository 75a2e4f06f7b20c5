import os from 'node:os';

/** Most web processes started by default: past this, Postgres connections cost more than they give. */
export const defaultWebProcessLimit = 4;

/**
 * How many web processes `portrait start` runs: PORTRAIT_WEB_PROCESSES when set, else one per
 * core up to four.
 */
export function webProcessCount(setting: string | undefined, cores = os.availableParallelism()): { count: number } {
  if (setting === undefined || setting === '') return { count: Math.max(1, Math.min(cores, defaultWebProcessLimit)) };
  const count = Number(setting);
  if (!Number.isInteger(count) || count < 1 || count > 64) {
    throw new Error(`PORTRAIT_WEB_PROCESSES must be a whole number from 1 to 64, not "${setting}"`);
  }
  return { count };
}
