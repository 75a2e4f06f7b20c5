import { type DecodeOptions, maxBlankLines } from './decodeText';

/** UTF-16 units minus bytes of UTF-8 `bytes[from, to)`: -1 per continuation byte, +1 per 4-byte character */
function unitsOverBytes(bytes: Uint8Array, from: number, to: number): number {
  let over = 0;
  for (let index = from; index < to; index++) {
    const byte = bytes[index];
    if (byte < 0x80) continue;
    if ((byte & 0xc0) === 0x80) over -= 1;
    else if (byte >= 0xf0) over += 1;
  }
  return over;
}

/**
 * The most UTF-16 units of a run of UTF-8 `bytes[from, to)` between CRs, the first continuing a
 * run of `carried` units, and the last run's units.
 */
function longestRun(bytes: Buffer, from: number, to: number, carried: number): { longest: number; last: number } {
  let start = from;
  let longest = 0;
  let run = carried;
  for (let cr = bytes.indexOf(13, from); cr !== -1 && cr < to; cr = bytes.indexOf(13, cr + 1)) {
    longest = Math.max(longest, run + cr - start + unitsOverBytes(bytes, start, cr));
    run = 0;
    start = cr + 1;
  }
  const last = run + to - start + unitsOverBytes(bytes, start, to);
  return { longest: Math.max(longest, last), last };
}

/**
 * decodeText's limits, checked on the bytes it would decode, chunk by chunk as they come: the
 * total, the longest line (ended by LF or CR) in UTF-16 units, as the text's length counts them, and the share of
 * blank lines, each at the points decodeText checks it. `add` is false when decodeText throws a
 * FileLimitError for a limit by the end of that chunk, or, for a line whose last character the
 * chunk cuts off, by the next; never for a file decodeText takes (whether the bytes are valid
 * UTF-8 is left to whoever decodes them). So a reader of bytes can leave every message to
 * decodeText: readEventsInThreads, whose threads decode the text, gives a file that fails here
 * to a reading on one thread.
 */
export class ByteLineCheck {
  private total = 0;
  private newlines = 0;
  private blankLines = 0;
  /** the current line's bytes in earlier chunks */
  private carriedBytes = 0;
  /** units since the last LF or CR in earlier chunks */
  private carriedRun = 0;

  constructor(private readonly options: DecodeOptions) {}

  add(chunk: Buffer): boolean {
    this.options.checkpoint?.();
    this.total += chunk.length;
    if (this.options.maxBytes && this.total > this.options.maxBytes.bytes) return false;
    const max = this.options.maxLineChars;
    let from = 0;
    for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, from)) {
      const bytes = this.carriedBytes + newline - from;
      // a UTF-16 unit takes at least one byte, so only a line this long needs its runs counted
      if (bytes > max && longestRun(chunk, from, newline, this.carriedRun).longest > max) return false;
      // decodeText sees the CR of a blank CRLF line only within the chunk
      if (bytes === 0 || (bytes === 1 && newline > 0 && chunk[newline - 1] === 13)) this.blankLines += 1;
      this.newlines += 1;
      this.carriedBytes = 0;
      this.carriedRun = 0;
      from = newline + 1;
    }
    this.carriedBytes += chunk.length - from;
    // a character cut off by the chunk's end counts here and not yet in decodeText's text; it
    // counts there once the line goes on, so a line too long here is too long there too
    const tail = longestRun(chunk, from, chunk.length, this.carriedRun);
    if (tail.longest > max) return false;
    this.carriedRun = tail.last;
    const lines = this.newlines + 1;
    return !(this.blankLines > maxBlankLines && this.blankLines > 10 * (lines - this.blankLines));
  }
}
