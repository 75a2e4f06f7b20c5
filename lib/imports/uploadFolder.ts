import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { uploadRetentionMs, uploadRoot } from './uploadSettings';

/** A new, empty folder for one upload's files under the upload root. */
export async function createUploadFolder(root = uploadRoot()): Promise<string> {
  const folder = path.join(root, `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`);
  await mkdir(folder, { recursive: true });
  return folder;
}

export async function removeUploadFolder(folder: string): Promise<void> {
  await rm(folder, { recursive: true, force: true });
}

/** True when `file` lies inside the upload root: paths read back from a job are checked before use. */
export function isInsideUploads(file: string, root = uploadRoot()): boolean {
  const relative = path.relative(root, path.resolve(file));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Removes upload folders older than the retention time; returns how many went. */
export async function pruneUploads(root = uploadRoot(), now = Date.now()): Promise<number> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  let removed = 0;
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const folder = path.join(root, entry.name);
    const info = await stat(folder).catch(() => null);
    if (info && now - info.mtimeMs > uploadRetentionMs) {
      await removeUploadFolder(folder);
      removed += 1;
    }
  }
  return removed;
}
