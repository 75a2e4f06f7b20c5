import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class AlreadyRunningError extends Error {}

/**
 * One `portrait start` per data folder: a second would start a second worker and fight over the
 * embedded database. Returns the release function.
 */
export async function acquireStartLock(folder: string, port: string): Promise<() => Promise<void>> {
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, 'portrait-start.json');
  const mine = JSON.stringify({ pid: process.pid, port });
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(file, mine, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
    }
    const held = await readFile(file, 'utf8')
      .then((text) => JSON.parse(text) as { pid: number; port: string })
      .catch(() => null);
    if (held && isAlive(held.pid)) {
      throw new AlreadyRunningError(
        `Portrait is already running from ${folder} (process ${held.pid}, port ${held.port}). ` +
          'Stop it first (Ctrl+C), or give this one its own PORTRAIT_DATA_DIR.',
      );
    }
    await rm(file, { force: true });
  }
  return async () => {
    const current = await readFile(file, 'utf8').catch(() => '');
    if (current === mine) await rm(file, { force: true });
  };
}
