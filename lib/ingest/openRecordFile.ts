import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CsvReadError, CsvRecordReader } from './csvRecordReader';
import { type DecodeOptions, decodeText, FileLimitError } from './decodeText';
import type { SourceRecord } from './fieldSource';
import { findDuplicateKey } from './findDuplicateKey';
import { type FileLimits, gzipExpansionLimit, readFileLimits } from './limits';
import type { FileFormat } from './types';

export type RecordLine =
  | { line: number; record: SourceRecord }
  /** a row that cannot be read at all; `fatal` when the rest of the file cannot be either */
  | { line: number; error: string; raw: string | readonly string[]; fatal?: boolean };

export interface RecordFile {
  format: FileFormat;
  /** CSV header (trimmed); null for NDJSON, or for an empty CSV file */
  header: string[] | null;
  lines: AsyncGenerator<RecordLine>;
  sizeBytes: number;
  /** a CSV file's delimiter: a comma, or a tab for .tsv */
  delimiter?: string;
  /** releases the file when reading stops early */
  close(): void;
}

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

function formatFromName(file: string): FileFormat | 'tsv' | null {
  const extension = path.extname(file.replace(/\.gz$/i, '')).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.tsv') return 'tsv';
  if (extension === '.ndjson' || extension === '.jsonl' || extension === '.json') return 'ndjson';
  return null;
}

/** The first name used twice in a header (ignoring case and blank names), with its two positions. */
function duplicateColumn(header: readonly string[]): string | null {
  const seen = new Map<string, number>();
  for (const [index, name] of header.entries()) {
    if (name === '') continue;
    const key = name.toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined)
      return `the header names column "${name}" twice (columns ${earlier + 1} and ${index + 1}): rename one`;
    seen.set(key, index);
  }
  return null;
}

/**
 * Rows of the wrong length a CSV file may have before their share is checked: each is reported
 * with its line, so a file of a million one-character lines would otherwise be refused row by row.
 */
const maxWrongLengthRows = 100_000;

function limitError(error: unknown): RecordLine {
  if (error instanceof FileLimitError) return { line: error.line, error: error.message, raw: [], fatal: true };
  throw error;
}

/**
 * CSV records with the physical line each starts on (CsvRecordReader). Without a header row
 * (`hasHeader` false) the columns are called #1, #2, ... after the first record.
 */
async function* csvLines(
  text: AsyncIterable<string>,
  delimiter: string,
  hasHeader: boolean,
  limits: FileLimits,
): AsyncGenerator<RecordLine | { header: string[] }> {
  const reader = new CsvRecordReader(delimiter, limits.maxLineChars);
  let header: string[] | null = null;
  let records = 0;
  let wrongLength = 0;
  try {
    const chunks = text[Symbol.asyncIterator]();
    for (let done = false; !done; ) {
      const next = await chunks.next();
      done = next.done === true;
      if (done) reader.end();
      else reader.push(next.value);
      const { records: read, lines } = reader;
      for (let index = 0; index < read.length; index++) {
        const fields = read[index];
        const start = lines[index];
        if (fields.length === 1 && fields[0] === '') continue;
        records += 1;
        if (header === null) {
          if (fields.length > limits.maxFields) {
            yield {
              line: start,
              error: `${hasHeader ? 'the header has' : `line ${start} has`} ${fields.length} columns; at most ${limits.maxFields} are read (PORTRAIT_IMPORT_MAX_FIELDS)`,
              raw: [],
              fatal: true,
            };
            return;
          }
          header = hasHeader ? fields.map((name) => name.trim()) : fields.map((_field, index) => `#${index + 1}`);
          const duplicate = hasHeader ? duplicateColumn(header) : null;
          if (duplicate) {
            yield { line: start, error: duplicate, raw: [], fatal: true };
            return;
          }
          yield { header };
          if (hasHeader) continue;
        }
        if (fields.length !== header.length) {
          wrongLength += 1;
          if (wrongLength > maxWrongLengthRows && wrongLength > 10 * (records - wrongLength)) {
            yield {
              line: start,
              error: `more than ${maxWrongLengthRows.toLocaleString('en')} rows by line ${start} do not have the header's ${header.length} fields, over ten times the rows that do: check the delimiter and the header`,
              raw: [],
              fatal: true,
            };
            return;
          }
          yield { line: start, error: `expected ${header.length} fields, found ${fields.length}`, raw: fields };
        } else {
          yield { line: start, record: fields };
        }
      }
    }
  } catch (error) {
    if (!(error instanceof CsvReadError)) {
      yield limitError(error);
      return;
    }
    const reason =
      error.code === 'record-too-long'
        ? `a record is longer than ${Math.round(limits.maxLineChars / 1024)} KB by line ${error.line} (PORTRAIT_IMPORT_MAX_LINE_KB)`
        : `unreadable CSV: ${error.message}`;
    yield { line: error.line, error: reason, raw: [], fatal: true };
  }
}

async function* ndjsonLines(text: AsyncIterable<string>, limits: FileLimits): AsyncGenerator<RecordLine> {
  let pending = '';
  let line = 0;
  let first = true;
  const parseLine = (content: string): RecordLine | null => {
    line += 1;
    let body = content.endsWith('\r') ? content.slice(0, -1) : content;
    if (first) {
      first = false;
      if (body.charCodeAt(0) === 0xfeff) body = body.slice(1);
    }
    if (body.trim() === '') return null;
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (error) {
      return { line, error: `malformed JSON: ${(error as Error).message}`, raw: body };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { line, error: 'not a JSON object', raw: body };
    }
    const keys = Object.keys(value).length;
    if (keys > limits.maxFields) {
      return {
        line,
        error: `the object has ${keys} keys; at most ${limits.maxFields} are read (PORTRAIT_IMPORT_MAX_FIELDS)`,
        raw: body,
      };
    }
    const duplicate = findDuplicateKey(body);
    if (duplicate !== null) return { line, error: `the key "${duplicate}" appears twice in one object`, raw: body };
    return { line, record: value as Record<string, unknown> };
  };
  try {
    for await (const chunk of text) {
      pending += chunk;
      let newline = pending.indexOf('\n');
      let from = 0;
      while (newline !== -1) {
        const parsed = parseLine(pending.slice(from, newline));
        if (parsed) yield parsed;
        from = newline + 1;
        newline = pending.indexOf('\n', from);
      }
      pending = pending.slice(from);
    }
  } catch (error) {
    yield limitError(error);
    return;
  }
  if (pending.length > 0) {
    const parsed = parseLine(pending);
    if (parsed) yield parsed;
  }
}

export interface OpenRecordFileOptions {
  /** false: a CSV file without a header row, whose columns are then called #1, #2, ... */
  header?: boolean;
  /** default: readFileLimits() */
  limits?: FileLimits;
  /** called for every chunk read; throws to stop reading (a cancelled import job) */
  checkpoint?: () => void;
}

function megabytes(bytes: number): string {
  const value = bytes / (1024 * 1024);
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} MB`;
}

export interface DecodedText {
  size: number;
  /** the file's text in chunks, checked against the limits as decodeText does */
  decoded: AsyncGenerator<string>;
  close(): void;
}

export interface FileBytes {
  size: number;
  /** the file's bytes, gunzipped when it is gzip */
  bytes: Readable;
  /** what decodeText checks them against */
  decodeOptions: DecodeOptions;
  close(): void;
}

/** A file's bytes, gunzipped when it is gzip, with the limits of openRecordFile for decodeText. */
export async function openFileBytes(
  file: string,
  onBytes?: (bytes: number) => void,
  options: OpenRecordFileOptions = {},
): Promise<FileBytes> {
  const limits = options.limits ?? readFileLimits();
  const { size } = await stat(file);
  const gzip = await isGzip(file);
  const raw = createReadStream(file, { highWaterMark: 256 * 1024 });
  const counted = raw.pipe(
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        onBytes?.(chunk.length);
        done(null, chunk);
      },
    }),
  );
  raw.on('error', (error) => counted.destroy(error));
  const gunzip = gzip ? createGunzip() : null;
  const bytes: Readable = gunzip ? counted.pipe(gunzip) : counted;
  if (gunzip) counted.on('error', (error) => gunzip.destroy(error));
  const expandedLimit = gzip ? gzipExpansionLimit(size, limits) : 0;
  const decodeOptions: DecodeOptions = {
    maxLineChars: limits.maxLineChars,
    checkpoint: options.checkpoint,
    maxBytes: gzip
      ? {
          bytes: expandedLimit,
          describe: `${megabytes(expandedLimit)} when decompressed (the limit is ${limits.gzipMaxRatio} times the compressed size, at least ${megabytes(limits.gzipMinExpandedBytes)} and at most ${megabytes(limits.gzipMaxExpandedBytes)}: PORTRAIT_GZIP_MAX_RATIO, PORTRAIT_GZIP_MIN_EXPANDED_MB, PORTRAIT_GZIP_MAX_EXPANDED_MB)`,
        }
      : undefined,
  };
  const close = () => {
    raw.destroy();
    counted.destroy();
    gunzip?.destroy();
  };
  return { size, bytes, decodeOptions, close };
}

/** A file's text, gunzipped when it is gzip, within the limits of openRecordFile. */
export async function openDecodedText(
  file: string,
  onBytes?: (bytes: number) => void,
  options: OpenRecordFileOptions = {},
): Promise<DecodedText> {
  const { size, bytes, decodeOptions, close } = await openFileBytes(file, onBytes, options);
  return { size, decoded: decodeText(bytes, decodeOptions), close };
}

/**
 * Opens a CSV or NDJSON file, gzipped or not (told by its magic bytes), for streaming. The
 * format comes from the name (.csv, .tsv, .ndjson, .jsonl, .json, each optionally .gz) or,
 * failing that, from the first character. `onBytes` hears the file bytes read, for progress.
 * What a file may expand to is bounded (FileLimits): a file past a limit yields one fatal line
 * that names the limit, and reading stops there.
 */
export async function openRecordFile(
  file: string,
  onBytes?: (bytes: number) => void,
  options: OpenRecordFileOptions = {},
): Promise<RecordFile> {
  const limits = options.limits ?? readFileLimits();
  const { size, decoded, close: closeText } = await openDecodedText(file, onBytes, options);
  let closed = false;
  const close = () => {
    closed = true;
    closeText();
  };
  let firstChunk: IteratorResult<string>;
  let failure: RecordLine | null = null;
  try {
    firstChunk = await decoded.next();
  } catch (error) {
    failure = limitError(error);
    firstChunk = { done: true, value: undefined };
  }
  async function* text(): AsyncGenerator<string> {
    if (firstChunk.done) return;
    yield firstChunk.value;
    try {
      for (let next = await decoded.next(); !next.done; next = await decoded.next()) yield next.value;
    } catch (error) {
      if (!closed) throw error;
    }
  }
  let format = formatFromName(file);
  if (format === null)
    format =
      !firstChunk.done &&
      firstChunk.value
        .replace(/^\uFEFF/, '')
        .trimStart()
        .startsWith('{')
        ? 'ndjson'
        : 'csv';
  const fileFormat: FileFormat = format === 'ndjson' ? 'ndjson' : 'csv';
  if (failure) {
    const fatal = failure;
    async function* onlyFailure(): AsyncGenerator<RecordLine> {
      yield fatal;
    }
    return { format: fileFormat, header: null, lines: onlyFailure(), sizeBytes: size, close };
  }
  if (format === 'ndjson') return { format, header: null, lines: ndjsonLines(text(), limits), sizeBytes: size, close };

  const delimiter = format === 'tsv' ? '\t' : ',';
  const csv = csvLines(text(), delimiter, options.header !== false, limits);
  const first = await csv.next();
  const rest = csv as AsyncGenerator<RecordLine>;
  if (first.done) return { format: 'csv', header: null, lines: rest, sizeBytes: size, close };
  if ('header' in first.value)
    return { format: 'csv', header: first.value.header, lines: rest, sizeBytes: size, delimiter, close };
  const fatal = first.value;
  async function* onlyFatal(): AsyncGenerator<RecordLine> {
    yield fatal;
  }
  return { format: 'csv', header: null, lines: onlyFatal(), sizeBytes: size, close };
}
