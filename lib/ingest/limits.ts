/** Most events one `POST /api/datasets/:id/events` request may carry (413 beyond it). */
export const MAX_EVENTS_PER_REQUEST = 10_000;

/** Largest request body the events endpoint reads (413 beyond it): 10,000 events of about 500 bytes. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** Errors kept per file in a report; `errorCount` has them all. */
export const MAX_REPORTED_ERRORS = 100;

/** Events staged and merged per statement inside the import transaction. */
export const DEFAULT_CHUNK_ROWS = 100_000;

/** User and item ids an events import remembers having sent for stubs (about 60 MB each at most). */
export const MAX_SEEN_IDS = 1_000_000;

/**
 * An events import into a dataset with at most this many users reads their ids first, so it
 * copies stubs for the new users only rather than inserting every user it meets ON CONFLICT (about
 * 30 MB at most). On the demo (100,000 users) the read took 0.12-0.19 s beside the reading of the
 * file, and the 0.4-0.7 s of INSERT ... ON CONFLICT were gone.
 */
export const MAX_USERS_READ = 500_000;

/**
 * Longest user or item id, in characters, everywhere: ingest refuses longer ids (a file row or
 * an API event), and the HTTP routes that name a user accept up to this length, so every id that
 * gets in can be looked up and erased.
 */
export const MAX_ID_LENGTH = 512;

/**
 * Limits on what one import file may expand to, so a small hostile file (a gzip bomb, one
 * endless line, a row of a million commas) stops with an error naming the limit instead of
 * holding a worker. Each is read from the environment when an import starts:
 *
 * | setting                         | default | meaning                                                       |
 * | ------------------------------- | ------- | ------------------------------------------------------------- |
 * | PORTRAIT_GZIP_MAX_RATIO         | 100     | a .gz file may expand to this many times its own size ...     |
 * | PORTRAIT_GZIP_MIN_EXPANDED_MB   | 64      | ... or to this many MB, whichever is more ...                 |
 * | PORTRAIT_GZIP_MAX_EXPANDED_MB   | 20480   | ... but never past this many MB                               |
 * | PORTRAIT_IMPORT_MAX_LINE_KB     | 1024    | longest line (CSV record or NDJSON line) in KB of text        |
 * | PORTRAIT_IMPORT_MAX_FIELDS      | 1000    | most columns in a CSV header, most keys in an NDJSON object   |
 */
export interface FileLimits {
  gzipMaxRatio: number;
  gzipMinExpandedBytes: number;
  gzipMaxExpandedBytes: number;
  maxLineChars: number;
  maxFields: number;
}

const megabyte = 1024 * 1024;

function positiveSetting(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

export function readFileLimits(env: NodeJS.ProcessEnv = process.env): FileLimits {
  return {
    gzipMaxRatio: positiveSetting('PORTRAIT_GZIP_MAX_RATIO', 100, env),
    gzipMinExpandedBytes: Math.floor(positiveSetting('PORTRAIT_GZIP_MIN_EXPANDED_MB', 64, env) * megabyte),
    gzipMaxExpandedBytes: Math.floor(positiveSetting('PORTRAIT_GZIP_MAX_EXPANDED_MB', 20_480, env) * megabyte),
    maxLineChars: Math.floor(positiveSetting('PORTRAIT_IMPORT_MAX_LINE_KB', 1024, env) * 1024),
    maxFields: Math.floor(positiveSetting('PORTRAIT_IMPORT_MAX_FIELDS', 1000, env)),
  };
}

/** The most bytes a gzipped file of `compressedBytes` may expand to under `limits`. */
export function gzipExpansionLimit(compressedBytes: number, limits: FileLimits): number {
  return Math.min(
    limits.gzipMaxExpandedBytes,
    Math.max(limits.gzipMinExpandedBytes, Math.floor(compressedBytes * limits.gzipMaxRatio)),
  );
}

/**
 * The window of event times ingest accepts: from PORTRAIT_TS_MIN (an ISO date, default
 * 1990-01-01) to PORTRAIT_TS_MAX_FUTURE_DAYS (default 1) days after the server's clock. A time
 * outside it is almost always a unit or typing mistake (year 9999, epoch 0), and one such event
 * would move the pipeline's "now".
 */
export interface TimestampWindow {
  minMs: number;
  maxMs: number;
}

export function readTimestampWindow(now = Date.now(), env: NodeJS.ProcessEnv = process.env): TimestampWindow {
  const rawMin = env.PORTRAIT_TS_MIN?.trim() || '1990-01-01';
  const minMs = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(rawMin) ? `${rawMin}T00:00:00Z` : rawMin);
  if (Number.isNaN(minMs)) throw new Error(`PORTRAIT_TS_MIN must be an ISO date such as 1990-01-01, got "${rawMin}"`);
  const rawDays = env.PORTRAIT_TS_MAX_FUTURE_DAYS;
  const days = rawDays === undefined || rawDays.trim() === '' ? 1 : Number(rawDays);
  if (!Number.isFinite(days) || days < 0)
    throw new Error(`PORTRAIT_TS_MAX_FUTURE_DAYS must be a number of days from 0 up, got "${rawDays}"`);
  return { minMs, maxMs: now + days * 86_400_000 };
}
