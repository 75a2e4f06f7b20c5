import { lockDatasetShared } from '@/lib/datasets/lockDataset';
import { getPool } from '@/lib/db/connection';
import { enqueueProfileUpdates, wakeProfileUpdaters } from '@/lib/realtime/enqueueProfileUpdates';
import { type CleanEvent, cleanEventRow, type EventCleaner } from './cleanEventRow';
import type { ColumnMapping } from './columnMapping';
import { RowError, resolveFields, type SourceRecord } from './fieldSource';
import { findDuplicateKey } from './findDuplicateKey';
import { MAX_BODY_BYTES, MAX_EVENTS_PER_REQUEST, MAX_REPORTED_ERRORS, readTimestampWindow } from './limits';
import { OccurrenceCounter } from './occurrenceCounter';
import { compileTimestampFormat, parseTimestamp } from './parseTimestamp';

/** A request the events endpoint must refuse as a whole; `status` is the HTTP status to answer. */
export class IngestRequestError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 413,
    readonly code: 'bad_request' | 'not_found' | 'busy' | 'too_large',
    message: string,
  ) {
    super(message);
  }
}

export interface IngestRecordsOptions {
  /** insert the valid events and report the others, instead of inserting nothing */
  skipInvalid?: boolean;
  mapping?: ColumnMapping;
  createdBy?: string;
  /** how long to wait for an import into the same dataset to finish (default 30 s) */
  lockTimeoutMs?: number;
}

export interface IngestRecordsResult {
  ok: boolean;
  batchId: number | null;
  received: number;
  inserted: number;
  /** already in the dataset (an identical event earlier in the request is a repeat, and is inserted) */
  duplicates: number;
  rejected: number;
  stubsCreated: { users: number; items: number };
  /** `index` is the event's position in the array (or the NDJSON record's, blank lines not counted) */
  errors: { index: number; reason: string }[];
  errorCount: number;
  /** users whose profile update this request queued (those with a new event) */
  queuedUsers?: number;
}

function recordsFrom(body: unknown[] | string): unknown[] {
  if (Array.isArray(body)) return body;
  if (typeof body !== 'string')
    throw new IngestRequestError(400, 'bad_request', 'Send a JSON array of events or NDJSON');
  if (Buffer.byteLength(body) > MAX_BODY_BYTES) {
    throw new IngestRequestError(413, 'too_large', `The body is over ${MAX_BODY_BYTES} bytes`);
  }
  const trimmed = body.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return parsed;
    } catch {
      throw new IngestRequestError(400, 'bad_request', 'The body is not valid JSON');
    }
  }
  return trimmed
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line): unknown => {
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch (error) {
        return new RowError(`malformed JSON: ${(error as Error).message}`);
      }
      const duplicate = findDuplicateKey(line);
      return duplicate === null ? record : new RowError(`the key "${duplicate}" appears twice in one object`);
    });
}

/**
 * `POST /api/datasets/:id/events`: validates up to MAX_EVENTS_PER_REQUEST events exactly as a
 * file import does and inserts them in one transaction, creating stub users and items. Invalid
 * events make the whole request insert nothing unless `skipInvalid`. Throws IngestRequestError
 * for a request refused as a whole (too large, unknown dataset, not an array).
 */
export async function ingestEventRecords(
  datasetId: number,
  body: unknown[] | string,
  options: IngestRecordsOptions = {},
): Promise<IngestRecordsResult> {
  const records = recordsFrom(body);
  if (records.length > MAX_EVENTS_PER_REQUEST) {
    throw new IngestRequestError(
      413,
      'too_large',
      `At most ${MAX_EVENTS_PER_REQUEST} events per request (got ${records.length})`,
    );
  }
  const pool = getPool();
  const exists = await pool.query('SELECT 1 FROM datasets WHERE id = $1', [datasetId]);
  if (exists.rowCount === 0) throw new IngestRequestError(404, 'not_found', `No dataset with id ${datasetId}`);

  const tsFormat = options.mapping?.tsFormat;
  const cleaner: EventCleaner = {
    reader: resolveFields('events', options.mapping, null).reader,
    parseTs: tsFormat ? compileTimestampFormat(tsFormat) : parseTimestamp,
    tsFormatLabel: tsFormat ?? 'ISO 8601 or epoch seconds/ms',
    tsWindow: readTimestampWindow(),
    missing: {},
  };
  const result: IngestRecordsResult = {
    ok: true,
    batchId: null,
    received: records.length,
    inserted: 0,
    duplicates: 0,
    rejected: 0,
    stubsCreated: { users: 0, items: 0 },
    errors: [],
    errorCount: 0,
  };
  const events: CleanEvent[] = [];
  // identical events within one request are repeats, as identical rows within one file are
  const occurrences = new OccurrenceCounter();
  records.forEach((record, index) => {
    try {
      if (record instanceof RowError) throw record;
      if (typeof record !== 'object' || record === null || Array.isArray(record))
        throw new RowError('not a JSON object');
      const event = cleanEventRow(cleaner, record as SourceRecord);
      event.fingerprint = occurrences.fingerprintOf(event.fingerprint);
      events.push(event);
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      result.errorCount += 1;
      if (result.errors.length < MAX_REPORTED_ERRORS) result.errors.push({ index, reason: error.message });
    }
  });
  result.rejected = result.errorCount;
  if (result.errorCount > 0 && !options.skipInvalid) return { ...result, ok: false };
  if (events.length === 0) return result;

  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL lock_timeout = '${Math.max(1, Math.round(options.lockTimeoutMs ?? 30_000))}ms'`);
    try {
      await lockDatasetShared(client, datasetId);
    } catch (error) {
      if ((error as { code?: string }).code === '55P03') {
        throw new IngestRequestError(409, 'busy', 'An import into this dataset is running; retry when it has finished');
      }
      throw error;
    }
    const batch = await client.query<{ id: number }>(
      `INSERT INTO import_batches (dataset_id, kind, source, created_by) VALUES ($1, 'events', 'api', $2) RETURNING id`,
      [datasetId, options.createdBy ?? null],
    );
    const batchId = batch.rows[0].id;
    const users = await client.query(
      `INSERT INTO tracked_users (dataset_id, user_id, is_stub)
       SELECT DISTINCT $1::int, u, true FROM unnest($2::text[]) AS u ORDER BY 2
       ON CONFLICT (dataset_id, user_id) DO NOTHING`,
      [datasetId, events.map((event) => event.userId)],
    );
    const items = await client.query(
      `INSERT INTO items (dataset_id, item_id, is_stub)
       SELECT DISTINCT $1::int, i, true FROM unnest($2::text[]) AS i WHERE i IS NOT NULL ORDER BY 2
       ON CONFLICT (dataset_id, item_id) DO NOTHING`,
      [datasetId, events.map((event) => event.itemId)],
    );
    const inserted = await client.query(
      `INSERT INTO events (dataset_id, fingerprint, user_id, item_id, type, ts, value, text, import_id)
       SELECT $1, r.f, r.u, r.i, r.t, timestamptz 'epoch' + r.ms * interval '1 millisecond', r.v, r.x, $9
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::double precision[], $8::text[])
         AS r(f, u, i, t, ms, v, x)
       ORDER BY r.f
       ON CONFLICT DO NOTHING
       RETURNING user_id`,
      [
        datasetId,
        events.map((event) => event.fingerprint),
        events.map((event) => event.userId),
        events.map((event) => event.itemId),
        events.map((event) => event.type),
        events.map((event) => event.tsMs),
        events.map((event) => event.value),
        events.map((event) => event.text),
        batchId,
      ],
    );
    result.batchId = batchId;
    result.inserted = inserted.rowCount ?? 0;
    result.duplicates = events.length - result.inserted;
    result.queuedUsers = await enqueueProfileUpdates(
      client,
      datasetId,
      inserted.rows.map((row: { user_id: string }) => row.user_id),
    );
    result.stubsCreated = { users: users.rowCount ?? 0, items: items.rowCount ?? 0 };
    await client.query(
      `UPDATE import_batches SET status = 'succeeded', rows_read = $2, inserted = $3, duplicates = $4, rejected = $5,
         report = $6, finished_at = now() WHERE id = $1`,
      [
        batchId,
        records.length,
        result.inserted,
        result.duplicates,
        result.rejected,
        JSON.stringify({
          format: 'api',
          missing: cleaner.missing,
          stubsCreated: result.stubsCreated,
          errors: result.errors,
          errorCount: result.errorCount,
        }),
      ],
    );
    await client.query('COMMIT');
    if ((result.queuedUsers ?? 0) > 0) wakeProfileUpdaters();
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
