import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { getPool } from '@/lib/db/connection';
import { removeUploadFolder } from './uploadFolder';
import { uploadRoot } from './uploadSettings';

/** The latest modification time of a folder and the files in it. */
async function lastChanged(folder: string): Promise<number> {
  let latest = (await stat(folder)).mtimeMs;
  for (const entry of await readdir(folder, { withFileTypes: true }).catch(() => [])) {
    const info = await stat(path.join(folder, entry.name)).catch(() => null);
    if (info) latest = Math.max(latest, info.mtimeMs);
  }
  return latest;
}

/**
 * Removes upload folders that no import job names and that have not changed for `idleMs`: what
 * an upload killed part-way (server stopped, connection cut) leaves on disk. `portrait start`
 * runs it with no idle time before its web processes start, when no upload of its own can be in
 * flight; a worker runs it with some, for a web server elsewhere that shares the folder.
 * Returns the folders removed.
 */
export async function cleanPartialUploads(options: { idleMs: number; root?: string; now?: number }): Promise<string[]> {
  const root = options.root ?? uploadRoot();
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  if (entries.length === 0) return [];
  const { rows } = await getPool().query<{ folder: string }>(
    `SELECT DISTINCT payload->>'uploadFolder' AS folder FROM jobs
     WHERE type = 'import' AND payload ? 'uploadFolder'`,
  );
  const named = new Set(rows.map((row) => path.resolve(row.folder)));
  const now = options.now ?? Date.now();
  const removed: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const folder = path.join(root, entry.name);
    if (named.has(path.resolve(folder))) continue;
    const changed = await lastChanged(folder).catch(() => null);
    if (changed === null || now - changed < options.idleMs) continue;
    await removeUploadFolder(folder);
    removed.push(folder);
  }
  return removed;
}
