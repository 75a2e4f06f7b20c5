import { isUtf8 } from 'node:buffer';
import { BinaryCopyRows } from './binaryCopyRows';
import { cleanEventFields, type EventCleaner } from './cleanEventRow';
import type { ColumnMapping } from './columnMapping';
import { type CsvCut, CsvReadError, CsvRecordReader } from './csvRecordReader';
import { EventDigest, type FingerprintFields } from './eventFingerprint';
import { RowError, resolveFields } from './fieldSource';
import type { TimestampWindow } from './limits';
import { compileTimestampFormat, parseTimestamp } from './parseTimestamp';
import { PlainEventLines } from './plainEventLines';
import { copiedEventColumns, writeEventFields } from './writeEventFields';

const quote = 34;
const lineFeed = 10;
const carriageReturn = 13;
/** lines of one record the text reader is given one at a time before it is given the rest of the chunk */
const linesAtOnce = 64;

/** What every chunk of one events file is read with: sent once to each thread. */
export interface EventChunkSettings {
  /** the file's header (trimmed), or #1, #2, ... without one */
  header: string[];
  mapping: ColumnMapping | undefined;
  tsWindow: TimestampWindow;
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

/** The rows a chunk becomes, and what the loading thread needs of each (EncodedEventChunk). */
class ChunkRows {
  readonly rows = new BinaryCopyRows();
  readonly digest = new EventDigest();
  digestWords: Int32Array<ArrayBuffer> = new Int32Array(4096 * 4);
  fingerprintAt: Int32Array<ArrayBuffer> = new Int32Array(4096);
  readonly users = new Set<string>();
  readonly items = new Set<string>();
  private lastUser = '';

  startRow(digest: Int32Array): void {
    const row = this.rows.rows;
    if (row === this.fingerprintAt.length) {
      this.fingerprintAt = grow(this.fingerprintAt, row * 2);
      this.digestWords = grow(this.digestWords, row * 8);
    }
    this.digestWords.set(digest, row * 4);
    this.rows.startRow(copiedEventColumns.length);
    this.fingerprintAt[row] = this.rows.byteLength;
    this.rows.uuidWords(digest);
  }

  add(event: FingerprintFields): void {
    this.startRow(this.digest.of(event));
    writeEventFields(this.rows, event);
    // files often list a user's events together: the set is asked once per run of them
    if (event.userId !== this.lastUser) {
      this.users.add(event.userId);
      this.lastUser = event.userId;
    }
    if (event.itemId !== null) this.items.add(event.itemId);
  }
}

/**
 * Reads, cleans and encodes one chunk of an events CSV file as eventSink's accept does row by
 * row, so several threads can share a file: the fingerprint's occurrence number and the stub
 * users and items are left to the thread that loads the rows, which sees every chunk. Lines
 * without quotes in a chunk of bytes are read as bytes (PlainEventLines), the others as text.
 */
export function encodeEventChunk(
  settings: EventChunkSettings,
  cleaner: EventCleaner,
  chunk: EventChunk,
): EncodedEventChunk {
  cleaner.missing = {};
  const out = new ChunkRows();
  let skipHeader = chunk.skipHeader;
  let badLine: number | null = null;

  /** one record read as text; false when it is not a good row (the chunk stops there) */
  const encodeRecord = (fields: string[], line: number): boolean => {
    if (fields.length === 1 && fields[0] === '') return true;
    if (skipHeader) {
      skipHeader = false;
      return true;
    }
    if (fields.length !== settings.header.length) {
      badLine = line;
      return false;
    }
    try {
      out.add(cleanEventFields(cleaner, fields));
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      badLine = line;
      return false;
    }
    return true;
  };

  /** the records `reader` read last; false at the first that is not a good row */
  const encodeRead = (reader: CsvRecordReader): boolean => {
    const { records, lines } = reader;
    for (let index = 0; index < records.length; index++) if (!encodeRecord(records[index], lines[index])) return false;
    return true;
  };

  const bytes =
    typeof chunk.text === 'string' ? null : Buffer.from(chunk.text.buffer, chunk.text.byteOffset, chunk.text.length);
  const plain = bytes && PlainEventLines.for(cleaner, chunk.cut, settings.header.length);
  try {
    if (bytes !== null && !isUtf8(bytes)) badLine = chunk.firstLine;
    else if (bytes !== null && plain !== null && bytes.indexOf(0) === -1) readBytes(bytes, plain);
    else {
      const reader = CsvRecordReader.continuing(chunk.cut, chunk.firstLine);
      reader.push(bytes === null ? (chunk.text as string) : bytes.toString('utf8'));
      // the last chunk of a file may end without a line break
      if (encodeRead(reader)) {
        reader.end();
        encodeRead(reader);
      }
    }
  } catch (error) {
    if (!(error instanceof CsvReadError)) throw error;
    badLine ??= error.line;
  }

  /**
   * Lines without a quote go to PlainEventLines; any other record (a quote, the header, a blank
   * line, a line the bytes cannot read) to the text reader, a line at a time until the record
   * ends, or, after linesAtOnce lines, with the rest of the chunk.
   */
  function readBytes(source: Buffer, lines: PlainEventLines): void {
    let line = chunk.firstLine;
    let at = 0;
    let nextQuote = source.indexOf(quote);
    while (at < source.length) {
      let lineEnd = source.indexOf(lineFeed, at);
      if (lineEnd === -1) lineEnd = source.length;
      if (nextQuote !== -1 && nextQuote < at) nextQuote = source.indexOf(quote, at);
      if ((nextQuote === -1 || nextQuote > lineEnd) && !skipHeader) {
        // as the text reader reads a line without quotes: a CR before its LF left out
        const end = lineEnd > at && source[lineEnd - 1] === carriageReturn ? lineEnd - 1 : lineEnd;
        if (end > at && lines.encode(source, at, end, out)) {
          line += 1;
          at = lineEnd + 1;
          continue;
        }
      }
      const reader = CsvRecordReader.continuing(chunk.cut, line);
      let from = at;
      for (let given = 1; ; given++) {
        const until = given < linesAtOnce ? Math.min(lineEnd + 1, source.length) : source.length;
        reader.push(source.toString('utf8', from, until));
        if (!encodeRead(reader)) return;
        if (until === source.length) {
          reader.end();
          if (!encodeRead(reader)) return;
        }
        from = until;
        if (reader.records.length > 0 || until === source.length) break;
        lineEnd = source.indexOf(lineFeed, from);
        if (lineEnd === -1) lineEnd = source.length;
      }
      line = reader.nextLine;
      at = from;
    }
  }

  const count = out.rows.rows;
  return {
    copy: out.rows.takeBytes(),
    rows: count,
    digests: out.digestWords.slice(0, count * 4),
    fingerprintAt: out.fingerprintAt.slice(0, count),
    users: [...out.users],
    items: [...out.items],
    missing: cleaner.missing,
    badLine,
  };
}

function grow(array: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(length);
  grown.set(array);
  return grown;
}
