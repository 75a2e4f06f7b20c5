import path from 'node:path';

/**
 * Where imports write rejected rows unless told otherwise: PORTRAIT_REJECTS_DIR, else `rejects`
 * in PORTRAIT_DATA_DIR (./.data), one folder per dataset. Beside the dataset's data rather than
 * the input, because the input's folder may be read-only or shared, and so that deleting the
 * dataset can remove them.
 */
export function rejectsRoot(): string {
  return path.resolve(
    /* turbopackIgnore: true */ process.env.PORTRAIT_REJECTS_DIR ||
      path.join(process.env.PORTRAIT_DATA_DIR || '.data', 'rejects'),
  );
}

/** The dataset's own folder of reject files: `<id>-<name made file-safe>`. */
export function datasetRejectsFolder(datasetId: number, datasetName: string, root = rejectsRoot()): string {
  const safe =
    datasetName
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^[._]+|_+$/g, '')
      .slice(0, 80) || 'dataset';
  return path.join(root, `${datasetId}-${safe}`);
}

/** True when `file` lies inside the rejects root: paths read back from a job or report are checked before use. */
export function isInsideRejects(file: string, root = rejectsRoot()): boolean {
  const relative = path.relative(root, path.resolve(file));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
