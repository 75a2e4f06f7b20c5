const quote = 34;
const lineFeed = 10;
const carriageReturn = 13;

/**
 * Where the complete records of UTF-8 CSV bytes end: the start of the first record the bytes
 * do not finish, read from `bytes[0]`, a record's start, as CsvRecordReader reads text whose
 * lines end at LF or CRLF (its `takeRecords` before the end of the input). Every byte it looks
 * at is ASCII, which UTF-8 never uses inside a character, so the records are the text's. Lines
 * without a quote are skipped whole; only a record with a quote is read field by field.
 */
export function completeRecordsEnd(bytes: Buffer, delimiter: number): number {
  let at = 0;
  for (;;) {
    const nextQuote = bytes.indexOf(quote, at);
    if (nextQuote === -1) return Math.max(at, bytes.lastIndexOf(lineFeed) + 1);
    // the lines before the quote's are records of their own
    const lineStart = Math.max(at, bytes.lastIndexOf(lineFeed, nextQuote) + 1);
    const next = quotedRecordEnd(bytes, lineStart, delimiter);
    if (next === -1) return lineStart;
    at = next;
  }
}

/** CsvRecordReader.readQuotedRecord before the end of the input: where the record from `start` ends, or -1 when the bytes end inside it */
function quotedRecordEnd(bytes: Buffer, start: number, delimiter: number): number {
  const length = bytes.length;
  let at = start;
  for (;;) {
    if (bytes[at] === quote) {
      let from = at + 1;
      let closed = -1;
      for (;;) {
        const found = bytes.indexOf(quote, from);
        if (found === -1 || found + 1 === length) break;
        if (bytes[found + 1] === quote) {
          from = found + 2;
          continue;
        }
        closed = found;
        break;
      }
      if (closed === -1) return -1;
      const after = closed + 1;
      const next = bytes[after];
      if (next !== delimiter && next !== lineFeed && next !== carriageReturn) {
        const stop = fieldEnd(bytes, after, delimiter);
        if (stop === -1) return -1;
        at = stop;
      } else {
        at = after;
      }
    } else {
      const stop = fieldEnd(bytes, at, delimiter);
      if (stop === -1) return -1;
      at = stop;
    }
    const code = bytes[at];
    if (code === delimiter) {
      at += 1;
      if (at === length) return -1;
      continue;
    }
    if (code === carriageReturn) {
      if (at + 1 === length) return -1;
      if (bytes[at + 1] === lineFeed) at += 1;
    }
    return at + 1;
  }
}

/**
 * where an unquoted field from `from` ends for a cut: its delimiter or LF (the reader ends it at
 * the CR of a CRLF, which ends the record at the same place); -1 at the end of the bytes
 */
function fieldEnd(bytes: Uint8Array, from: number, delimiter: number): number {
  for (let at = from; at < bytes.length; at++) {
    const code = bytes[at];
    if (code === delimiter || code === lineFeed) return at;
  }
  return -1;
}
