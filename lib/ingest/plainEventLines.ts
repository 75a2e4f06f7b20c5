import type { BinaryCopyRows } from './binaryCopyRows';
import type { EventCleaner } from './cleanEventRow';
import type { CsvCut } from './csvRecordReader';
import type { EventDigest } from './eventFingerprint';
import { eventTypeKeyBytes } from './eventTypeKey';
import { parseNumber } from './fieldSource';
import { MAX_ID_LENGTH } from './limits';
import { canonicalIsoMsOfBytes, parseTimestamp } from './parseTimestamp';

/** What a plain line is written into: the chunk's rows, as encodeEventChunk keeps them. */
export interface PlainLineOutput {
  rows: BinaryCopyRows;
  digest: EventDigest;
  /** starts a row with its fingerprint; the event's fields follow */
  startRow(digest: Int32Array): void;
  users: Set<string>;
  items: Set<string>;
}

/** Buffer's own decoders, which toString calls after checking its arguments */
type Slicing = Buffer & {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
};

const targets = ['user_id', 'item_id', 'type', 'ts', 'value', 'text'] as const;
const [userAt, itemAt, typeAt, tsAt, valueAt, textAt] = [0, 1, 2, 3, 4, 5];
const quote = 34;
const maxKnownTypes = 16;

/** the ASCII characters String.prototype.trim removes (it also removes some beyond ASCII) */
function isAsciiSpace(byte: number): boolean {
  return byte === 32 || (byte >= 9 && byte <= 13);
}

/** a field's bytes, kept to tell whether another row's field repeats them */
class KeptBytes {
  private bytes = new Uint8Array(64);
  private length = -1;

  equals(source: Uint8Array, from: number, to: number): boolean {
    if (to - from !== this.length) return false;
    const bytes = this.bytes;
    for (let index = from; index < to; index++) if (source[index] !== bytes[index - from]) return false;
    return true;
  }

  keep(source: Uint8Array, from: number, to: number): void {
    if (to - from > this.bytes.length) this.bytes = new Uint8Array(2 * (to - from));
    const bytes = this.bytes;
    for (let index = from; index < to; index++) bytes[index - from] = source[index];
    this.length = to - from;
  }
}

/**
 * Reads CSV lines without a quote straight from a chunk's UTF-8 bytes: fields are found,
 * trimmed, checked and fingerprinted as bytes, and written to COPY as they are, instead of being
 * decoded into strings, split, cleaned (cleanEventFields) and encoded again. A line it cannot
 * read the same way byte for byte (a quote, a field that might be refused or whose trimming or
 * lower-casing needs Unicode, a missing required field) goes to the text route, which reads it
 * and decides; so does every line of a mapping that builds fields (constants, products).
 */
export class PlainEventLines {
  private readonly fieldStarts: Int32Array;
  private readonly fieldEnds: Int32Array;
  private readonly missingFirstBytes = new Uint8Array(256);
  private readonly lastUser = new KeptBytes();
  private readonly lastItem = new KeptBytes();
  /** types met so far, as the file writes them, lower-cased and keyed */
  private readonly knownTypes: { text: KeptBytes; type: Uint8Array; key: Uint8Array }[] = [];
  private type: Uint8Array = new Uint8Array(0);
  private typeKey: Uint8Array = new Uint8Array(8);
  // bounds of the fields of the line being read, trimmed
  private from = 0;
  private to = 0;

  private constructor(
    private readonly cleaner: EventCleaner,
    private readonly delimiter: number,
    private readonly fieldCount: number,
    /** per target, its CSV column, or -1 when the file has none */
    private readonly columns: Int32Array,
    /** the mapping's missing-value texts other than '' (an empty field is always missing), as UTF-8 */
    private readonly missingValues: Buffer[],
    private readonly maxRecordBytes: number,
  ) {
    this.fieldStarts = new Int32Array(fieldCount);
    this.fieldEnds = new Int32Array(fieldCount);
    for (const value of missingValues) this.missingFirstBytes[value[0]] = 1;
  }

  /** a reader for a chunk cut as `cut`, or null when every line must take the text route */
  static for(cleaner: EventCleaner, cut: CsvCut, fieldCount: number): PlainEventLines | null {
    const delimiter = cut.delimiter.charCodeAt(0);
    if (cut.lineBreak === '\r' || cut.delimiter.length !== 1 || delimiter >= 0x80 || delimiter === quote) return null;
    const columns = new Int32Array(targets.length);
    for (const [index, target] of targets.entries()) {
      const source = cleaner.reader.sources[target];
      if (source === undefined) columns[index] = -1;
      else if (source.kind === 'column' && typeof source.key === 'number') columns[index] = source.key;
      else return null;
    }
    const missingValues = [...cleaner.reader.missingValues]
      .filter((value) => value !== '')
      .map((value) => Buffer.from(value, 'utf8'));
    return new PlainEventLines(cleaner, delimiter, fieldCount, columns, missingValues, cut.maxRecordChars);
  }

  /**
   * Writes the row of the line source[from, to) (its line break left out) and returns true, or
   * returns false, writing nothing, when the text route must read the line.
   */
  encode(source: Buffer, from: number, to: number, out: PlainLineOutput): boolean {
    if (to - from > this.maxRecordBytes || !this.split(source, from, to)) return false;
    const { columns, cleaner } = this;

    if (!this.field(source, columns[userAt]) || this.from === this.to || this.to - this.from > MAX_ID_LENGTH)
      return false;
    if (this.isMissing(source)) return false;
    const user = this.from;
    const userEnd = this.to;

    let item = -1;
    let itemEnd = -1;
    if (columns[itemAt] >= 0) {
      if (!this.field(source, columns[itemAt]) || this.to - this.from > MAX_ID_LENGTH) return false;
      if (!this.isMissing(source)) {
        item = this.from;
        itemEnd = this.to;
      }
    }

    if (!this.field(source, columns[typeAt]) || this.isMissing(source) || !this.readType(source)) return false;

    if (!this.field(source, columns[tsAt]) || this.isMissing(source)) return false;
    const tsMs = this.readTimestamp(source);
    if (tsMs === null || tsMs < cleaner.tsWindow.minMs || tsMs > cleaner.tsWindow.maxMs) return false;

    let value: number | null = null;
    if (columns[valueAt] >= 0) {
      if (!this.field(source, columns[valueAt])) return false;
      if (!this.isMissing(source)) {
        const valueText = this.asciiText(source);
        value = valueText === null ? null : parseNumber(valueText);
        if (value === null) return false;
      }
    }

    let text = -1;
    let textEnd = -1;
    if (columns[textAt] >= 0) {
      if (!this.field(source, columns[textAt])) return false;
      if (!this.isMissing(source)) {
        text = this.from;
        textEnd = this.to;
      }
    }

    const missing = cleaner.missing;
    if (item < 0 && columns[itemAt] >= 0) missing.item_id = (missing.item_id ?? 0) + 1;
    if (value === null && columns[valueAt] >= 0) missing.value = (missing.value ?? 0) + 1;
    if (text < 0 && columns[textAt] >= 0) missing.text = (missing.text ?? 0) + 1;

    out.startRow(out.digest.ofBytes(source, user, userEnd, item, itemEnd, this.type, tsMs, value, text, textEnd));
    const rows = out.rows;
    rows.textBytes(source, user, userEnd);
    if (item < 0) rows.null();
    else rows.textBytes(source, item, itemEnd);
    rows.textBytes(this.type, 0, this.type.length);
    rows.timestamptz(tsMs);
    rows.float64(value);
    if (text < 0) rows.null();
    else rows.textBytes(source, text, textEnd);
    rows.int64Bytes(this.typeKey);

    if (!this.lastUser.equals(source, user, userEnd)) {
      out.users.add((source as Slicing).utf8Slice(user, userEnd));
      this.lastUser.keep(source, user, userEnd);
    }
    if (item >= 0 && !this.lastItem.equals(source, item, itemEnd)) {
      out.items.add((source as Slicing).utf8Slice(item, itemEnd));
      this.lastItem.keep(source, item, itemEnd);
    }
    return true;
  }

  /** finds the line's fields; false unless it has as many as the header */
  private split(source: Uint8Array, from: number, to: number): boolean {
    const { delimiter, fieldStarts, fieldEnds } = this;
    const last = this.fieldCount - 1;
    let field = 0;
    fieldStarts[0] = from;
    for (let at = from; at < to; at++) {
      if (source[at] !== delimiter) continue;
      if (field === last) return false;
      fieldEnds[field] = at;
      fieldStarts[++field] = at + 1;
    }
    fieldEnds[field] = to;
    return field === last;
  }

  /**
   * Sets from and to to column `column`'s bytes, trimmed of ASCII spaces; false when the field
   * starts or ends beyond ASCII, where trim() might remove more (a no-break space, say).
   */
  private field(source: Uint8Array, column: number): boolean {
    let from = this.fieldStarts[column];
    let to = this.fieldEnds[column];
    while (from < to && isAsciiSpace(source[from])) from++;
    while (to > from && isAsciiSpace(source[to - 1])) to--;
    this.from = from;
    this.to = to;
    return from === to || (source[from] < 0x80 && source[to - 1] < 0x80);
  }

  /** whether the field is a missing value: empty, or one of the mapping's texts */
  private isMissing(source: Buffer): boolean {
    const { from, to } = this;
    if (from === to) return true;
    // most fields share neither first byte nor length with any missing-value text
    if (!this.missingFirstBytes[source[from]]) return false;
    for (const value of this.missingValues) {
      if (value.length !== to - from) continue;
      let index = 0;
      while (index < value.length && value[index] === source[from + index]) index++;
      if (index === value.length) return true;
    }
    return false;
  }

  /** the field's time in epoch ms, as cleaner.parseTs reads it; null when it cannot be read here */
  private readTimestamp(source: Buffer): number | null {
    // the canonical form is read from its bytes: making and reading its string was a tenth of this route
    if (this.cleaner.parseTs === parseTimestamp) {
      const canonical = canonicalIsoMsOfBytes(source, this.from, this.to);
      if (canonical !== undefined) return canonical;
    }
    const text = this.asciiText(source);
    return text === null ? null : this.cleaner.parseTs(text);
  }

  /** the field as text when it is all ASCII (timestamps, numbers), else null */
  private asciiText(source: Buffer): string | null {
    for (let index = this.from; index < this.to; index++) if (source[index] >= 0x80) return null;
    // Buffer's own method, without toString's checks: a fifth of this route's time went to them
    return (source as Slicing).latin1Slice(this.from, this.to);
  }

  /** reads the type, lower-cased as cleanEventFields does; false when it is not ASCII */
  private readType(source: Uint8Array): boolean {
    const { from, to } = this;
    const known = this.knownTypes.find((entry) => entry.text.equals(source, from, to));
    if (known === undefined) return this.learnType(source);
    this.type = known.type;
    this.typeKey = known.key;
    return true;
  }

  private learnType(source: Uint8Array): boolean {
    const { from, to } = this;
    if (to - from > MAX_ID_LENGTH) return false;
    const type = Buffer.alloc(to - from);
    for (let index = from; index < to; index++) {
      const byte = source[index];
      if (byte >= 0x80) return false;
      type[index - from] = byte >= 65 && byte <= 90 ? byte + 32 : byte;
    }
    const text = new KeptBytes();
    text.keep(source, from, to);
    const entry = { text, type, key: eventTypeKeyBytes(type.toString('latin1')) };
    // files name a few types; a file that names more keeps the latest
    if (this.knownTypes.length >= maxKnownTypes) this.knownTypes.pop();
    this.knownTypes.unshift(entry);
    this.type = entry.type;
    this.typeKey = entry.key;
    return true;
  }
}
