const quote = 34;
const lineFeed = 10;
const carriageReturn = 13;

export class CsvReadError extends Error {
  constructor(
    readonly line: number,
    readonly code: 'unclosed-quote' | 'record-too-long',
    message: string,
  ) {
    super(message);
    this.name = 'CsvReadError';
  }
}

/** How a CsvRecordReader cut its text, for a reader of the pieces on another thread. */
export interface CsvCut {
  delimiter: string;
  maxRecordChars: number;
  lineBreak: string | null;
}

/**
 * CSV text to records, chunk by chunk, as RFC 4180 with the leniencies real exports need: a
 * quote inside an unquoted field is text, a quoted field followed by more text keeps its
 * quotes (as csv-parse's relax_quotes reads both), rows may differ in length, and a line ends at LF or CRLF (at CR alone when the
 * file's first line break is a lone CR). A blank line is a record of one empty field. Each
 * record comes with the physical line it starts on.
 *
 * Lines without a quote, nearly every line of a real export, are split with one native call;
 * only lines with quotes are read character by character. This replaced csv-parse, which took
 * a third of an import's time.
 */
export class CsvRecordReader {
  /** records read by the last push or end, and the line each starts on */
  readonly records: string[][] = [];
  readonly lines: number[] = [];
  private pending = '';
  private line = 1;
  private started = false;
  /** '\n' (LF or CRLF) or '\r', decided by the first line break */
  private lineBreak: string | null = null;
  /** false while cutting (takeRecords): lines without quotes are counted, not split */
  private keepRecords = true;

  constructor(
    private readonly delimiter: string,
    private readonly maxRecordChars: number,
  ) {}

  /**
   * A reader for text another reader cut (takeRecords): it starts at record boundary `line`,
   * with that reader's line break and without looking for a BOM.
   */
  static continuing(cut: CsvCut, line: number): CsvRecordReader {
    const reader = new CsvRecordReader(cut.delimiter, cut.maxRecordChars);
    reader.started = true;
    reader.lineBreak = cut.lineBreak;
    reader.line = line;
    return reader;
  }

  /** what a reader of text this one cut needs to know (continuing) */
  get cut(): CsvCut {
    return { delimiter: this.delimiter, maxRecordChars: this.maxRecordChars, lineBreak: this.lineBreak };
  }

  /** the physical line the next record starts on */
  get nextLine(): number {
    return this.line;
  }

  /**
   * Like push (or end, when `final`), but returns the text of the complete records instead of
   * reading their fields, so other threads can read them: lines without a quote are only
   * counted. Read the text with a reader made by `continuing` at the nextLine from before.
   */
  takeRecords(text: string, final: boolean): string {
    this.keepRecords = false;
    try {
      let input = this.pending.length > 0 ? this.pending + text : text;
      if (!this.started && input.length > 0) {
        this.started = true;
        if (input.charCodeAt(0) === 0xfeff) input = input.slice(1);
      }
      const consumed = input.length > 0 ? this.read(input, final) : 0;
      this.records.length = 0;
      this.lines.length = 0;
      this.pending = final ? '' : input.slice(consumed);
      if (this.pending.length > this.maxRecordChars) this.tooLong();
      return final ? input : input.slice(0, consumed);
    } finally {
      this.keepRecords = true;
    }
  }

  /** Reads the complete records in `text` (and what earlier pushes left over); fills `records`. */
  push(text: string): void {
    this.records.length = 0;
    this.lines.length = 0;
    let input = this.pending.length > 0 ? this.pending + text : text;
    if (!this.started && input.length > 0) {
      this.started = true;
      if (input.charCodeAt(0) === 0xfeff) input = input.slice(1);
    }
    const consumed = this.read(input, false);
    this.pending = input.slice(consumed);
    if (this.pending.length > this.maxRecordChars) this.tooLong();
  }

  /** Reads what is left at the end of the input. */
  end(): void {
    this.records.length = 0;
    this.lines.length = 0;
    if (this.pending.length > 0) this.read(this.pending, true);
    this.pending = '';
  }

  private tooLong(): never {
    throw new CsvReadError(
      this.line,
      'record-too-long',
      `a record is longer than ${Math.round(this.maxRecordChars / 1024)} KB by line ${this.line}`,
    );
  }

  /** Reads records from `text`; returns where the first incomplete one starts. */
  private read(text: string, final: boolean): number {
    if (this.lineBreak === null) this.lineBreak = firstLineBreak(text);
    const lineBreak = this.lineBreak ?? '\n';
    const delimiter = this.delimiter;
    let at = 0;
    let nextQuote = text.indexOf('"');
    while (at < text.length) {
      let end = text.indexOf(lineBreak, at);
      if (end === -1) {
        if (!final) return at;
        end = text.length;
      }
      if (nextQuote !== -1 && nextQuote < at) nextQuote = text.indexOf('"', at);
      if (nextQuote === -1 || nextQuote > end) {
        let stop = end;
        if (lineBreak === '\n' && stop > at && text.charCodeAt(stop - 1) === carriageReturn) stop -= 1;
        if (stop - at > this.maxRecordChars) this.tooLong();
        if (this.keepRecords) {
          this.records.push(text.slice(at, stop).split(delimiter));
          this.lines.push(this.line);
        }
        this.line += 1;
        at = end + 1;
        continue;
      }
      const next = this.readQuotedRecord(text, at, final);
      if (next === -1) return at;
      at = next;
    }
    return at;
  }

  /**
   * One record that has a quote somewhere, field by field, from `start`; returns where the next
   * record starts, or -1 when the text ends inside it (and more may come).
   */
  private readQuotedRecord(text: string, start: number, final: boolean): number {
    const delimiterCode = this.delimiter.charCodeAt(0);
    const breakCode = this.lineBreak === '\r' ? carriageReturn : lineFeed;
    const fields: string[] = [];
    let lines = 1;
    let at = start;
    for (;;) {
      let value: string;
      if (text.charCodeAt(at) === quote) {
        value = '';
        let from = at + 1;
        let closed = -1;
        for (;;) {
          const found = text.indexOf('"', from);
          if (found === -1) break;
          if (found + 1 === text.length && !final) break;
          if (text.charCodeAt(found + 1) === quote) {
            value += text.slice(from, found + 1);
            from = found + 2;
            continue;
          }
          value += text.slice(from, found);
          closed = found;
          break;
        }
        if (closed === -1) {
          if (!final) return -1;
          throw new CsvReadError(
            this.line,
            'unclosed-quote',
            `a quoted field that opens on line ${this.line} is never closed`,
          );
        }
        lines += countLineBreaks(text, at, closed, this.lineBreak ?? '\n');
        const after = closed + 1;
        const next = text.charCodeAt(after);
        if (after < text.length && next !== delimiterCode && next !== breakCode && next !== carriageReturn) {
          // text after the closing quote: the field keeps its quotes and that text
          const stop = fieldEnd(text, after, delimiterCode, breakCode);
          if (stop === -1 && !final) return -1;
          value = `"${value}${text.slice(closed, stop === -1 ? text.length : stop)}`;
          at = stop === -1 ? text.length : stop;
        } else {
          at = after;
        }
      } else {
        const stop = fieldEnd(text, at, delimiterCode, breakCode);
        if (stop === -1 && !final) return -1;
        value = text.slice(at, stop === -1 ? text.length : stop);
        at = stop === -1 ? text.length : stop;
      }
      fields.push(value);
      if (at - start > this.maxRecordChars) this.tooLong();
      if (at >= text.length) break;
      const code = text.charCodeAt(at);
      if (code === delimiterCode) {
        at += 1;
        if (at === text.length && !final) return -1;
        if (at === text.length) {
          fields.push('');
          break;
        }
        continue;
      }
      // a line break: CR LF, or the file's own break
      if (code === carriageReturn && breakCode === lineFeed) {
        if (at + 1 === text.length && !final) return -1;
        if (text.charCodeAt(at + 1) === lineFeed) at += 1;
      }
      at += 1;
      break;
    }
    this.records.push(fields);
    this.lines.push(this.line);
    this.line += lines;
    return at;
  }
}

/**
 * How a CSV text's lines end, decided by its first line break: '\r' when that is a lone CR, '\n'
 * for LF or CRLF, null before any (or at a CR that ends the text, which a LF may follow).
 */
export function firstLineBreak(text: string): '\n' | '\r' | null {
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  if (cr !== -1 && (lf === -1 || cr < lf) && cr + 1 < text.length && text.charCodeAt(cr + 1) !== lineFeed) return '\r';
  return lf === -1 ? null : '\n';
}

/** where an unquoted field that starts at `from` ends: its delimiter or line break, or -1 at the end of the text */
function fieldEnd(text: string, from: number, delimiterCode: number, breakCode: number): number {
  for (let at = from; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === delimiterCode || code === breakCode || (code === carriageReturn && breakCode === lineFeed)) {
      if (code === carriageReturn && breakCode === lineFeed && text.charCodeAt(at + 1) !== lineFeed) continue;
      return at;
    }
  }
  return -1;
}

function countLineBreaks(text: string, from: number, to: number, lineBreak: string): number {
  let count = 0;
  for (let at = text.indexOf(lineBreak, from); at !== -1 && at < to; at = text.indexOf(lineBreak, at + 1)) count += 1;
  return count;
}
