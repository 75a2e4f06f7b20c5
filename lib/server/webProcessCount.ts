import os from 'node:os';

/** Most web processes started by default: past this, Postgres connections cost more than they give. */
export const defaultWebProcessLimit = 4;

/**
 * How many web processes `portrait start` runs: PORTRAIT_WEB_PROCESSES when set, else one per
 * core up to four. The embedded database takes one connection per process and serves one
 * process only, so it always gets one.
 */
export function webProcessCount(
  setting: string | undefined,
  embedded: boolean,
  cores = os.availableParallelism(),
): { count: number; note?: string } {
  if (embedded) {
    return setting && setting !== '1'
      ? { count: 1, note: 'PORTRAIT_WEB_PROCESSES is ignored on the embedded database: one web process' }
      : { count: 1 };
  }
  if (setting === undefined || setting === '') return { count: Math.max(1, Math.min(cores, defaultWebProcessLimit)) };
  const count = Number(setting);
  if (!Number.isInteger(count) || count < 1 || count > 64) {
    throw new Error(`PORTRAIT_WEB_PROCESSES must be a whole number from 1 to 64, not "${setting}"`);
  }
  return { count };
}
