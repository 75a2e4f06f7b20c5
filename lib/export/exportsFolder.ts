import path from 'node:path';

/** Where export jobs write their files: PORTRAIT_EXPORTS_DIR, else ./.data/exports (under PORTRAIT_DATA_DIR when set). */
export function exportsFolder(): string {
  const configured = process.env.PORTRAIT_EXPORTS_DIR;
  if (configured) return path.resolve(configured);
  return path.resolve(process.env.PORTRAIT_DATA_DIR ?? '.data', 'exports');
}
