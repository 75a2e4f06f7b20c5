import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

const sourceDirs = ['app', 'components', 'hooks', 'lib', 'public'];
const sourceFiles = ['next.config.js', 'proxy.ts', 'package.json', 'tsconfig.json'];

async function newestMtime(target: string): Promise<number> {
  const info = await stat(target).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of await readdir(target, { withFileTypes: true })) {
    if (entry.name === 'generated' || entry.name.startsWith('.')) continue;
    if (entry.isFile() && /\.test\.tsx?$/.test(entry.name)) continue;
    newest = Math.max(newest, await newestMtime(path.join(target, entry.name)));
  }
  return newest;
}

/** True when there is no production build or a source file changed after it was made. */
export async function needsBuild(root: string): Promise<boolean> {
  const built = await stat(path.join(root, '.next', 'BUILD_ID')).catch(() => null);
  if (!built) return true;
  for (const name of [...sourceDirs, ...sourceFiles]) {
    if ((await newestMtime(path.join(root, name))) > built.mtimeMs) return true;
  }
  return false;
}
