import path from 'node:path';

const defaultMaxUploadMb = 200;

/** How long an upload folder (inputs not yet imported, reject files) is kept before it is pruned. */
export const uploadRetentionMs = 7 * 24 * 60 * 60 * 1000;

/** The largest file one import upload may carry: PORTRAIT_UPLOAD_MAX_MB megabytes (default 200); 413 beyond it. */
export function maxUploadBytes(): number {
  const raw = process.env.PORTRAIT_UPLOAD_MAX_MB;
  const megabytes = raw === undefined || raw === '' ? defaultMaxUploadMb : Number(raw);
  if (!Number.isFinite(megabytes) || megabytes <= 0) {
    throw new Error(`PORTRAIT_UPLOAD_MAX_MB must be a positive number of megabytes, got "${raw}"`);
  }
  return Math.floor(megabytes * 1024 * 1024);
}

/**
 * Where uploaded files wait for their import job: PORTRAIT_UPLOAD_DIR, else `uploads` in
 * PORTRAIT_DATA_DIR (./.data). The job reads them from this path, so a worker on another machine
 * can only run upload imports when this folder is shared with it.
 */
export function uploadRoot(): string {
  return path.resolve(
    /* turbopackIgnore: true */ process.env.PORTRAIT_UPLOAD_DIR ||
      path.join(process.env.PORTRAIT_DATA_DIR || '.data', 'uploads'),
  );
}
