import { beginWithDatasetSharedLock } from '@/lib/datasets/lockDataset';
import { getPool } from '@/lib/db/connection';
import { wakeProfileUpdaters } from '@/lib/realtime/enqueueProfileUpdates';
import { type ProfileUpdateLag, profileUpdateLagColumns, profileUpdateLagOf } from '@/lib/realtime/profileUpdateLag';
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
  /** how far the dataset's profile updates are behind, these included */
  updateLag?: ProfileUpdateLag;
}

function unknownDataset(datasetId: number): IngestRequestError {
  return new IngestRequestError(404, 'not_found', `No dataset with id ${datasetId}`);
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
  const occurrences = new OccurrenceCounter(records.length);
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
  if (events.length === 0 || (result.errorCount > 0 && !options.skipInvalid)) {
    const found = await getPool().query('SELECT 1 FROM datasets WHERE id = $1', [datasetId]);
    if (found.rowCount === 0) throw unknownDataset(datasetId);
    return result.errorCount > 0 && !options.skipInvalid ? { ...result, ok: false } : result;
  }

  const client = await getPool().connect();
  try {
    let exists: boolean;
    try {
      exists = await beginWithDatasetSharedLock(client, datasetId, options.lockTimeoutMs ?? 30_000);
    } catch (error) {
      if ((error as { code?: string }).code === '55P03') {
        throw new IngestRequestError(409, 'busy', 'An import into this dataset is running; retry when it has finished');
      }
      throw error;
    }
    if (!exists) throw unknownDataset(datasetId);
    // The batch, stub users and items, the events and their users' queued updates in one
    // statement: its CTEs run as one, and a batch row written last can carry the final counts.
    const { rows } = await client.query<{
      batch_id: number;
      inserted: number;
      stub_users: number;
      stub_items: number;
      queued_users: number;
      lag_ms: number | null;
      pending: number;
    }>(
      `WITH batch AS (SELECT nextval(pg_get_serial_sequence('import_batches', 'id'))::int AS id),
       stub_users AS (
         INSERT INTO tracked_users (dataset_id, user_id, is_stub)
         SELECT DISTINCT $1::int, u, true FROM unnest($3::text[]) AS u ORDER BY 2
         ON CONFLICT (dataset_id, user_id) DO NOTHING RETURNING 1),
       stub_items AS (
         INSERT INTO items (dataset_id, item_id, is_stub)
         SELECT DISTINCT $1::int, i, true FROM unnest($4::text[]) AS i WHERE i IS NOT NULL ORDER BY 2
         ON CONFLICT (dataset_id, item_id) DO NOTHING RETURNING 1),
       inserted AS (
         INSERT INTO events (dataset_id, fingerprint, user_id, item_id, type, ts, value, text, import_id, type_key)
         SELECT $1, r.f, r.u, r.i, r.t, timestamptz 'epoch' + r.ms * interval '1 millisecond', r.v, r.x, (SELECT id FROM batch),
                event_type_key(r.t)
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::double precision[], $8::text[])
           AS r(f, u, i, t, ms, v, x)
         ORDER BY r.u, r.ms, r.f
         ON CONFLICT DO NOTHING
         RETURNING user_id),
       queued AS (
         INSERT INTO profile_update_queue (dataset_id, user_id)
         SELECT DISTINCT $1::int, user_id FROM inserted RETURNING 1),
       counts AS (
         SELECT (SELECT count(*) FROM inserted)::int AS inserted, (SELECT count(*) FROM stub_users)::int AS stub_users,
                (SELECT count(*) FROM stub_items)::int AS stub_items, (SELECT count(*) FROM queued)::int AS queued_users),
       written AS (
         INSERT INTO import_batches (id, dataset_id, kind, source, created_by, status, rows_read, inserted, duplicates, rejected, report, finished_at)
         SELECT b.id, $1, 'events', 'api', $9, 'succeeded', $10, c.inserted, $11 - c.inserted, $12,
                $13::jsonb || jsonb_build_object('stubsCreated', jsonb_build_object('users', c.stub_users, 'items', c.stub_items)),
                now()
         FROM batch b, counts c RETURNING id)
       SELECT w.id AS batch_id, c.*, ${profileUpdateLagColumns('$1')} FROM written w, counts c`,
      [
        datasetId,
        events.map((event) => event.fingerprint),
        events.map((event) => event.userId),
        events.map((event) => event.itemId),
        events.map((event) => event.type),
        events.map((event) => event.tsMs),
        events.map((event) => event.value),
        events.map((event) => event.text),
        options.createdBy ?? null,
        records.length,
        events.length,
        result.rejected,
        JSON.stringify({
          format: 'api',
          missing: cleaner.missing,
          errors: result.errors,
          errorCount: result.errorCount,
        }),
      ],
    );
    const written = rows[0];
    result.batchId = written.batch_id;
    result.inserted = written.inserted;
    result.duplicates = events.length - written.inserted;
    result.queuedUsers = written.queued_users;
    result.stubsCreated = { users: written.stub_users, items: written.stub_items };
    result.updateLag = profileUpdateLagOf(written, written.queued_users);
    await client.query('COMMIT');
    if (result.queuedUsers > 0) wakeProfileUpdaters();
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
