import { BinaryCopyRows } from './binaryCopyRows';
import { cleanEventFields, type EventCleaner } from './cleanEventRow';
import type { ColumnMapping } from './columnMapping';
import { type CsvCut, CsvReadError, CsvRecordReader } from './csvRecordReader';
import { EventDigest } from './eventFingerprint';
import { RowError, resolveFields } from './fieldSource';
import type { TimestampWindow } from './limits';
import { compileTimestampFormat, parseTimestamp } from './parseTimestamp';
import { eventColumns, writeEventFields } from './writeEventFields';

/** What every chunk of one events file is read with: sent once to each thread. */
export interface EventChunkSettings {
  /** the file's header (trimmed), or #1, #2, ... without one */
  header: string[];
  mapping: ColumnMapping | undefined;
  tsWindow: TimestampWindow;
  datasetId: number;
  batchId: number;
}

/** A piece of the file: whole records, from the physical line `firstLine`. */
export interface EventChunk {
  /** how the text was cut: its delimiter and line break */
  cut: CsvCut;
  /** the records' text, or their UTF-8 bytes, which the thread decodes */
  text: string | Uint8Array;
  firstLine: number;
  /** the first chunk of a file with a header row: its first record is the header */
  skipHeader: boolean;
}

export interface EncodedEventChunk {
  /** the rows in COPY's binary format (BinaryCopyRows), each with its plain fingerprint */
  copy: Uint8Array;
  rows: number;
  /** each row's fingerprint as four words (EventDigest), to number repeats across chunks */
  digests: Int32Array;
  /** where each row's fingerprint field (its length word) starts in `copy` */
  fingerprintAt: Int32Array;
  /** the users and items the chunk names, each once */
  users: string[];
  items: string[];
  missing: Record<string, number>;
  /**
   * The first record that is not a good row: the chunk stops there. The import then reads the
   * file again on one thread, which reports every bad row as it always did.
   */
  badLine: number | null;
}

export function eventCleanerFor(settings: EventChunkSettings): EventCleaner {
  const tsFormat = settings.mapping?.tsFormat;
  return {
    reader: resolveFields('events', settings.mapping, settings.header).reader,
    parseTs: tsFormat ? compileTimestampFormat(tsFormat) : parseTimestamp,
    tsFormatLabel: tsFormat ?? 'ISO 8601 or epoch seconds/ms',
    tsWindow: settings.tsWindow,
    missing: {},
  };
}

/**
 * Reads, cleans and encodes one chunk of an events CSV file as eventSink's accept does row by
 * row, so several threads can share a file: the fingerprint's occurrence number and the stub
 * users and items are left to the thread that loads the rows, which sees every chunk.
 */
export function encodeEventChunk(
  settings: EventChunkSettings,
  cleaner: EventCleaner,
  chunk: EventChunk,
): EncodedEventChunk {
  cleaner.missing = {};
  const reader = CsvRecordReader.continuing(chunk.cut, chunk.firstLine);
  const rows = new BinaryCopyRows();
  const digests = new EventDigest();
  let digestWords: Int32Array<ArrayBuffer> = new Int32Array(4096 * 4);
  let fingerprintAt: Int32Array<ArrayBuffer> = new Int32Array(4096);
  const users = new Set<string>();
  const items = new Set<string>();
  let lastUser = '';
  let skipHeader = chunk.skipHeader;
  let badLine: number | null = null;
  const encode = (): void => {
    const { records, lines } = reader;
    for (let index = 0; index < records.length && badLine === null; index++) {
      const fields = records[index];
      if (fields.length === 1 && fields[0] === '') continue;
      if (skipHeader) {
        skipHeader = false;
        continue;
      }
      if (fields.length !== settings.header.length) {
        badLine = lines[index];
        break;
      }
      let event: ReturnType<typeof cleanEventFields>;
      try {
        event = cleanEventFields(cleaner, fields);
      } catch (error) {
        if (!(error instanceof RowError)) throw error;
        badLine = lines[index];
        break;
      }
      const row = rows.rows;
      if (row === fingerprintAt.length) {
        fingerprintAt = grow(fingerprintAt, row * 2);
        digestWords = grow(digestWords, row * 8);
      }
      const digest = digests.of(event);
      digestWords.set(digest, row * 4);
      rows.startRow(eventColumns.length);
      rows.int32(settings.datasetId);
      fingerprintAt[row] = rows.byteLength;
      rows.uuidWords(digest);
      writeEventFields(rows, event, settings.batchId);
      // files often list a user's events together: the set is asked once per run of them
      if (event.userId !== lastUser) {
        users.add(event.userId);
        lastUser = event.userId;
      }
      if (event.itemId !== null) items.add(event.itemId);
    }
  };
  const text = chunkText(chunk);
  if (text === null) badLine = chunk.firstLine;
  try {
    if (text !== null) reader.push(text);
    encode();
    // the last chunk of a file may end without a line break
    reader.end();
    encode();
  } catch (error) {
    if (!(error instanceof CsvReadError)) throw error;
    badLine ??= error.line;
  }
  const count = rows.rows;
  return {
    copy: rows.takeBytes(),
    rows: count,
    digests: digestWords.slice(0, count * 4),
    fingerprintAt: fingerprintAt.slice(0, count),
    users: [...users],
    items: [...items],
    missing: cleaner.missing,
    badLine,
  };
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** the chunk's text, or null when its bytes are not UTF-8 */
function chunkText(chunk: EventChunk): string | null {
  if (typeof chunk.text === 'string') return chunk.text;
  try {
    return utf8.decode(chunk.text);
  } catch {
    return null;
  }
}

function grow(array: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(length);
  grown.set(array);
  return grown;
}
