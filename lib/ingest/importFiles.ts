import { stat } from 'node:fs/promises';
import type pg from 'pg';
import { ensureDataset, findDatasetId } from '@/lib/datasets/ensureDataset';
import { lockDataset } from '@/lib/datasets/lockDataset';
import { getPool } from '@/lib/db/connection';
import { enqueueUsersOfImport, wakeProfileUpdaters } from '@/lib/realtime/enqueueProfileUpdates';
import { BadLines } from './badLines';
import type { AttributeColumns } from './cleanUserRow';
import { cleanupStaleStaging } from './cleanupStaleStaging';
import { type ColumnMapping, requiredFields } from './columnMapping';
import { eventSink } from './eventSink';
import { type FieldReader, type ResolvedFields, RowError, resolveFields } from './fieldSource';
import type { ImportSink, SinkContext } from './importSink';
import { itemSink } from './itemSink';
import { DEFAULT_CHUNK_ROWS, MAX_REPORTED_ERRORS, readTimestampWindow, type TimestampWindow } from './limits';
import { openRecordFile, type RecordFile } from './openRecordFile';
import { compileTimestampFormat, parseTimestamp, type TimestampParser } from './parseTimestamp';
import { importThreadCount, readEventsInThreads, THREADED_IMPORT_MIN_BYTES } from './readEventsInThreads';
import { defaultRejectPath, RejectWriter } from './rejectWriter';
import type { BatchReport, ImportFilesOptions, ImportKind, ImportResult } from './types';
import { importKindOrder } from './types';
import { userSink } from './userSink';

interface ImportState {
  client: pg.PoolClient;
  datasetId: number;
  /** false once the import cannot commit: later rows are only validated */
  writing: boolean;
  bytesRead: number;
  totalBytes: number;
  rows: number;
  badLines: BadLines;
}

/**
 * The most events the repeat counter is sized for up front from a file's first chunk (0.55 GB):
 * a file whose first rows are much shorter than the rest would otherwise reserve far more than
 * it needs. Past it the counter grows as it fills.
 */
const MAX_RESERVED_ROWS = 1 << 24;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Timestamps {
  parse: TimestampParser;
  label: string;
  window: TimestampWindow;
}

function fileError(report: BatchReport, line: number, reason: string, badLines: BadLines): void {
  badLines.add(report.file, line);
  report.errorCount += 1;
  if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push({ file: report.file, line, reason });
}

/** Why a file's columns cannot be bound; `hint` says where a mapping is made (the CLI's --map, or the Import screen). */
export function describeUnresolved(
  resolved: ResolvedFields,
  kind: ImportKind,
  mapping: ColumnMapping | undefined,
  header: string[],
  hint: 'cli' | 'screen' = 'cli',
): string | null {
  const problems = resolved.unresolved.filter(
    ({ target }) => requiredFields[kind].includes(target) || mapping?.columns[target] !== undefined,
  );
  if (problems.length === 0) return null;
  const reasons = problems.map(({ target, source }) =>
    mapping?.columns[target] !== undefined
      ? `column "${source}" (mapped to ${target}) not found`
      : `missing required column "${target}"`,
  );
  const columns = header.map((name) => JSON.stringify(name)).join(', ');
  const example = header.every((name) => /^#\d+$/.test(name)) ? '#1' : '<column>';
  const how =
    hint === 'cli'
      ? `map one with --map ${problems[0].target}=${example}`
      : `choose the column for ${problems[0].target}`;
  return `${reasons.join('; ')} (columns: ${columns}); ${how}`;
}

export function attributeColumns(
  reader: FieldReader,
  mapping: ColumnMapping | undefined,
  header: string[] | null,
): AttributeColumns | string {
  const userSource = reader.sources.user_id;
  const wanted = mapping?.attributes?.filter((name) => name.length > 0);
  if (header === null) {
    const userKey = userSource?.kind === 'column' ? String(userSource.key) : 'user_id';
    return { kind: 'ndjson', only: wanted ? new Set(wanted) : null, userKey };
  }
  const userIndex = userSource?.kind === 'column' ? userSource.key : -1;
  if (wanted) {
    const missing = wanted.filter((name) => !header.includes(name));
    if (missing.length > 0)
      return `attribute column${missing.length > 1 ? 's' : ''} ${missing.map((name) => `"${name}"`).join(', ')} not found`;
    return { kind: 'csv', columns: wanted.map((name) => ({ index: header.indexOf(name), name })) };
  }
  const columns = header
    .map((name, index) => ({ index, name }))
    .filter(({ index, name }) => index !== userIndex && name.length > 0);
  return { kind: 'csv', columns };
}

function rejectPathFor(
  options: ImportFilesOptions,
  kind: ImportKind,
  file: string,
  format: 'csv' | 'ndjson',
  datasetId: number,
): string {
  const { rejectPath } = options;
  if (typeof rejectPath === 'string') return rejectPath;
  return rejectPath?.[kind] ?? defaultRejectPath(file, format, kind, { id: datasetId, name: options.datasetName });
}

async function createBatch(
  state: ImportState,
  kind: ImportKind,
  file: string,
  createdBy: string | undefined,
): Promise<number> {
  const { rows } = await state.client.query<{ id: number }>(
    'INSERT INTO import_batches (dataset_id, kind, source, created_by) VALUES ($1, $2, $3, $4) RETURNING id',
    [state.datasetId, kind, file, createdBy ?? null],
  );
  return rows[0].id;
}

function makeSink(
  kind: ImportKind,
  context: SinkContext,
  reader: FieldReader,
  timestamps: Timestamps,
  columns: AttributeColumns | null,
  missing: Record<string, number>,
  chunkRows: number,
): ImportSink {
  if (kind === 'events')
    return eventSink(
      context,
      { reader, parseTs: timestamps.parse, tsFormatLabel: timestamps.label, tsWindow: timestamps.window, missing },
      chunkRows,
    );
  if (kind === 'items') return itemSink(context, reader, missing, chunkRows);
  return userSink(context, reader, columns as AttributeColumns, missing, chunkRows);
}

async function loadFile(
  state: ImportState,
  options: ImportFilesOptions,
  kind: ImportKind,
  file: string,
  timestamps: Timestamps,
): Promise<BatchReport> {
  const onBytes = (bytes: number) => {
    state.bytesRead += bytes;
    options.onProgress?.(state.bytesRead, state.totalBytes, state.rows);
  };
  const openOptions = { header: options.header !== false, checkpoint: options.checkpoint };
  const bytesBefore = state.bytesRead;
  let records: RecordFile = await openRecordFile(file, onBytes, openOptions);
  const report: BatchReport = {
    batchId: null,
    kind,
    file,
    format: records.format,
    rowsRead: 0,
    inserted: 0,
    duplicates: 0,
    rejected: 0,
    stubsCreated: { users: 0, items: 0 },
    missing: {},
    errors: [],
    errorCount: 0,
    rejectFile: null,
    readByName: [],
  };
  const failFile = async (line: number, reason: string) => {
    records.close();
    fileError(report, line, reason, state.badLines);
    state.writing = false;
    return report;
  };

  if (records.format === 'csv' && records.header === null) {
    for await (const item of records.lines) {
      if ('error' in item) return failFile(item.line, item.error);
    }
    return failFile(1, 'the file is empty (no header row)');
  }
  const resolved = resolveFields(kind, options.mapping, records.header);
  if (options.mapping && Object.keys(options.mapping.columns).length > 0) report.readByName = resolved.readByName;
  if (records.header !== null) {
    const problem = describeUnresolved(resolved, kind, options.mapping, records.header, options.mappingHint);
    if (problem) return failFile(1, problem);
  }
  let columns: AttributeColumns | null = null;
  if (kind === 'users') {
    const found = attributeColumns(resolved.reader, options.mapping, records.header);
    if (typeof found === 'string') return failFile(1, found);
    columns = found;
  }

  const startedWriting = state.writing;
  const batchId = startedWriting ? await createBatch(state, kind, file, options.createdBy) : 0;
  const context: SinkContext = { client: state.client, datasetId: state.datasetId, batchId };
  const sink = makeSink(
    kind,
    context,
    resolved.reader,
    timestamps,
    columns,
    report.missing,
    options.chunkRows ?? DEFAULT_CHUNK_ROWS,
  );
  if (startedWriting) await sink.create();
  const rejects = options.skipInvalid
    ? new RejectWriter(
        rejectPathFor(options, kind, file, records.format, state.datasetId),
        records.format,
        records.header,
      )
    : null;

  let pendingMerge: Promise<void> | null = null;
  const rowError = async (line: number, reason: string, raw: Parameters<RejectWriter['write']>[1]) => {
    report.rejected += 1;
    fileError(report, line, reason, state.badLines);
    if (rejects) await rejects.write(line, raw, reason);
    else state.writing = false;
  };
  const threads = options.threads ?? importThreadCount();
  const threaded =
    kind === 'events' &&
    records.format === 'csv' &&
    records.header !== null &&
    !rejects &&
    state.writing &&
    threads > 0 &&
    (options.threads !== undefined || records.sizeBytes >= THREADED_IMPORT_MIN_BYTES);
  let readAlready = false;
  let threadsStopped = false;
  if (threaded && sink.acceptEncoded) {
    const acceptEncoded = sink.acceptEncoded;
    records.close();
    // the threads read the file from its start again
    state.bytesRead = bytesBefore;
    const outcome = await readEventsInThreads(file, {
      settings: {
        header: records.header as string[],
        mapping: options.mapping,
        tsWindow: timestamps.window,
      },
      hasHeader: options.header !== false,
      delimiter: records.delimiter ?? ',',
      threads,
      onBytes,
      openOptions,
      async onChunk(encoded, chars) {
        if (report.rowsRead === 0 && chars > 0)
          sink.expectRows?.(Math.min(MAX_RESERVED_ROWS, Math.ceil((encoded.rows * records.sizeBytes) / chars)));
        acceptEncoded(encoded);
        report.rowsRead += encoded.rows;
        state.rows += encoded.rows;
        for (const [target, count] of Object.entries(encoded.missing))
          report.missing[target] = (report.missing[target] ?? 0) + count;
        if (sink.wantsMerge()) {
          if (pendingMerge) await pendingMerge;
          pendingMerge = sink.merge();
          pendingMerge.catch(() => {});
        }
      },
    }).catch(async (error) => {
      await pendingMerge?.catch(() => {});
      throw error;
    });
    readAlready = outcome === 'done';
    threadsStopped = !readAlready;
    if (!readAlready) {
      // a bad row: the file is read again on this thread, which reports it (and writes nothing)
      if (pendingMerge) await pendingMerge;
      pendingMerge = null;
      state.writing = false;
      state.bytesRead = bytesBefore;
      state.rows -= report.rowsRead;
      report.rowsRead = 0;
      for (const target of Object.keys(report.missing)) delete report.missing[target];
      records = await openRecordFile(file, onBytes, openOptions);
    }
  }
  try {
    for await (const item of readAlready ? [] : records.lines) {
      // Parsing runs in microtasks, which starve I/O callbacks: without a turn of the event loop
      // now and then, the database's answer to a merge waits unread while Postgres sits idle.
      if (state.rows % 1000 === 0) await yieldToEventLoop();
      if ('error' in item) {
        if (item.fatal) {
          fileError(report, item.line, item.error, state.badLines);
          // the reason the file stopped comes first, even past MAX_REPORTED_ERRORS row errors
          const rowErrors = report.errors.filter((error) => error.reason !== item.error);
          report.errors = [{ file: report.file, line: item.line, reason: item.error }, ...rowErrors].slice(
            0,
            MAX_REPORTED_ERRORS,
          );
          state.writing = false;
          break;
        }
        report.rowsRead += 1;
        state.rows += 1;
        await rowError(item.line, item.error, item.raw);
        continue;
      }
      report.rowsRead += 1;
      state.rows += 1;
      try {
        sink.accept(item.record, state.writing);
      } catch (error) {
        if (!(error instanceof RowError)) throw error;
        await rowError(item.line, error.message, item.record);
        continue;
      }
      if (state.writing && sink.wantsMerge()) {
        if (pendingMerge) await pendingMerge;
        pendingMerge = sink.merge();
        // handled where it is awaited; this keeps a failure from counting as unhandled meanwhile
        pendingMerge.catch(() => {});
      }
    }
    if (pendingMerge) await pendingMerge;
    // the threads' reading and this one's must agree; an import that wrote nothing must not look done
    if (threadsStopped && report.errorCount === 0)
      throw new Error(`${report.file}: the import threads refused a file this thread reads without an error`);
  } catch (error) {
    records.close();
    await pendingMerge?.catch(() => {});
    await rejects?.close().catch(() => {});
    throw error;
  }
  report.rejectFile = rejects ? await rejects.close() : null;
  if (state.writing) {
    await sink.finish();
    report.batchId = batchId;
    report.inserted = sink.counts.inserted;
    if (sink.counts.updated !== undefined) report.updated = sink.counts.updated;
    if (sink.counts.notes?.length) report.notes = sink.counts.notes;
    report.duplicates = sink.counts.duplicates;
    report.stubsCreated = { users: sink.counts.stubUsers, items: sink.counts.stubItems };
    if (kind === 'events' && report.inserted > 0)
      report.queuedUsers = await enqueueUsersOfImport(state.client, state.datasetId, batchId);
    await state.client.query(
      `UPDATE import_batches SET status = 'succeeded', rows_read = $2, inserted = $3, duplicates = $4, rejected = $5,
         report = $6, finished_at = now() WHERE id = $1`,
      [
        batchId,
        report.rowsRead,
        report.inserted,
        report.duplicates,
        report.rejected,
        JSON.stringify({
          format: report.format,
          missing: report.missing,
          stubsCreated: report.stubsCreated,
          errors: report.errors,
          errorCount: report.errorCount,
          rejectFile: report.rejectFile,
        }),
      ],
    );
  }
  return report;
}

async function prepareTransaction(client: pg.PoolClient): Promise<void> {
  await client.query('BEGIN');
  // hash joins against the dataset's events find duplicates; an events file into an empty
  // dataset ends in three index builds over all its rows, for which attachAsPartition raises
  // maintenance_work_mem with the row count so their sorts stay in memory
  await client.query(`SET LOCAL work_mem = '64MB'`);
  await client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
  const { rows } = await client.query<{ version: number }>(
    `SELECT current_setting('server_version_num')::int AS version`,
  );
  // A killed importer then releases its transaction (and the dataset lock) within seconds,
  // not when its running statement ends.
  if (rows[0].version >= 140000) await client.query(`SET LOCAL client_connection_check_interval = '2s'`);
}

function checkOptions(options: ImportFilesOptions): [ImportKind, string][] {
  const files = importKindOrder
    .filter((kind) => options[kind])
    .map((kind): [ImportKind, string] => [kind, options[kind] as string]);
  if (files.length === 0) throw new Error('Nothing to import: give an events, items or users file');
  if (typeof options.rejectPath === 'string' && files.length > 1) {
    throw new Error('rejectPath as one path needs a single file; give one path per kind');
  }
  return files;
}

/**
 * Imports events, items and users files into the dataset called `datasetName` (created when
 * missing) in one transaction: rows are cleaned, staged with COPY and merged in chunks, and
 * nothing is visible until every file is in. Bad rows come back in the result (`ok: false`,
 * nothing written) unless `skipInvalid`, which writes them to reject files and imports the
 * rest. Throws only for I/O and database failures, after rolling back.
 */
export async function importFiles(options: ImportFilesOptions): Promise<ImportResult> {
  const files = checkOptions(options);
  const window = readTimestampWindow();
  const timestamps: Timestamps = options.mapping?.tsFormat
    ? { parse: compileTimestampFormat(options.mapping.tsFormat), label: options.mapping.tsFormat, window }
    : { parse: parseTimestamp, label: 'ISO 8601 or epoch seconds/ms', window };
  const sizes = await Promise.all(files.map(([, file]) => stat(file).then((info) => info.size)));
  const pool = getPool();
  await cleanupStaleStaging(pool);
  const client = await pool.connect();
  // a dropped connection then surfaces as the failing query's error, not as an uncaught event
  const ignoreClientError = () => {};
  client.on('error', ignoreClientError);
  const batches: BatchReport[] = [];
  try {
    await prepareTransaction(client);
    const isNew = (await findDatasetId(options.datasetName, client)) === null;
    const datasetId = await ensureDataset(options.datasetName, client);
    await lockDataset(client, datasetId);
    const state: ImportState = {
      client,
      datasetId,
      writing: true,
      bytesRead: 0,
      totalBytes: sizes.reduce((sum, size) => sum + size, 0),
      rows: 0,
      badLines: new BadLines(),
    };
    for (const [kind, file] of files) batches.push(await loadFile(state, options, kind, file, timestamps));
    // an empty file adds nothing to a dataset, which is fine for a day without events; a new
    // dataset made of it would be an empty one the user did not mean to create
    if (isNew && state.writing && batches.every((batch) => batch.rowsRead === 0)) {
      for (const batch of batches)
        fileError(
          batch,
          1,
          'the file has no data rows (only a header, or nothing), so no new dataset was created',
          state.badLines,
        );
      state.writing = false;
    }
    options.onProgress?.(state.bytesRead, state.totalBytes, state.rows);
    if (state.writing) {
      await client.query('COMMIT');
      if (batches.some((batch) => (batch.queuedUsers ?? 0) > 0)) wakeProfileUpdaters();
      return { datasetId, ok: true, batches, badLines: state.badLines.count };
    }
    await client.query('ROLLBACK');
    for (const batch of batches) batch.batchId = null;
    return {
      datasetId: await findDatasetId(options.datasetName, client),
      ok: false,
      batches,
      badLines: state.badLines.count,
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.off('error', ignoreClientError);
    client.release();
  }
}
