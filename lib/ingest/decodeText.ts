/** A file that breaks a limit or is not UTF-8: the rest of it cannot be read, so the file fails at `line`. */
export class FileLimitError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'FileLimitError';
  }
}

/**
 * Blank lines a file may have before their share is checked (see decodeText): a gzipped file of
 * nothing but line breaks would otherwise keep the reader busy long inside the expansion limit.
 */
export const maxBlankLines = 100_000;

export interface DecodeOptions {
  /** the most bytes the input may have (after gunzip); past it the file fails */
  maxBytes?: { bytes: number; describe: string };
  /** longest physical line, in characters */
  maxLineChars: number;
  /** called once per chunk; throws to stop reading (a cancelled import) */
  checkpoint?: () => void;
}

/**
 * Offset of the first byte of `bytes` that does not start or continue a valid UTF-8 sequence,
 * or -1. A sequence cut off by the end of the chunk counts as valid: the next chunk finishes it.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const byte = bytes[index];
    if (byte < 0x80) {
      index += 1;
      continue;
    }
    let length: number;
    let min: number;
    if (byte >= 0xc2 && byte <= 0xdf) [length, min] = [2, 0x80];
    else if (byte >= 0xe0 && byte <= 0xef) [length, min] = [3, 0x800];
    else if (byte >= 0xf0 && byte <= 0xf4) [length, min] = [4, 0x10000];
    else return index;
    let code = byte & (0xff >> (length + 1));
    for (let next = 1; next < length; next++) {
      if (index + next >= bytes.length) return -1;
      const continuation = bytes[index + next];
      if ((continuation & 0xc0) !== 0x80) return index;
      code = (code << 6) | (continuation & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return index;
    index += length;
  }
  return -1;
}

/** the LFs in `bytes[0, end)` */
export function countNewlines(bytes: Uint8Array, end = bytes.length): number {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, end);
  let count = 0;
  for (let at = view.indexOf(10); at !== -1; at = view.indexOf(10, at + 1)) count += 1;
  return count;
}

/**
 * The longest run of `text[from, to)` between CRs, the first continuing a run of `carried`
 * characters, and the last run's length.
 */
function longestRun(text: string, from: number, to: number, carried: number): { longest: number; last: number } {
  let cr = text.indexOf('\r', from);
  if (cr === -1 || cr >= to) return { longest: carried + to - from, last: carried + to - from };
  let longest = carried + cr - from;
  for (let next = text.indexOf('\r', cr + 1); next !== -1 && next < to; next = text.indexOf('\r', cr + 1)) {
    longest = Math.max(longest, next - cr - 1);
    cr = next;
  }
  return { longest: Math.max(longest, to - cr - 1), last: to - cr - 1 };
}

/**
 * Bytes to text, strictly: invalid UTF-8 fails the file at its line (instead of becoming U+FFFD
 * silently), and so does a line longer than `maxLineChars` (a line ends at LF or at CR, as
 * CsvRecordReader reads files of either) or more bytes than `maxBytes`, each
 * with an error naming its limit. Lines are counted here, from the text, so that every such error
 * names a physical line.
 */
export async function* decodeText(bytes: AsyncIterable<Buffer>, options: DecodeOptions): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const { maxLineChars } = options;
  let total = 0;
  let line = 1;
  let lineLength = 0;
  /** characters since the last LF or CR: a file whose lines end at a lone CR has short lines too */
  let runLength = 0;
  let blankLines = 0;
  const tooLong = () =>
    new FileLimitError(
      line,
      `line ${line} is longer than ${Math.round(maxLineChars / 1024)} KB (PORTRAIT_IMPORT_MAX_LINE_KB)`,
    );
  for await (const chunk of bytes) {
    options.checkpoint?.();
    total += chunk.length;
    if (options.maxBytes && total > options.maxBytes.bytes) {
      throw new FileLimitError(line, `the file expands to more than ${options.maxBytes.describe}`);
    }
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      const at = Math.max(0, firstInvalidUtf8(chunk));
      const where = line + (chunk.length > 0 ? countNewlines(chunk, at) : 0);
      const byte = chunk[at] === undefined ? '' : ` (byte 0x${chunk[at].toString(16).toUpperCase().padStart(2, '0')})`;
      throw new FileLimitError(where, `line ${where} is not valid UTF-8${byte}: save the file as UTF-8`);
    }
    let from = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', from)) {
      lineLength += newline - from;
      if (lineLength > maxLineChars && longestRun(text, from, newline, runLength).longest > maxLineChars)
        throw tooLong();
      if (lineLength === 0 || (lineLength === 1 && text.charCodeAt(newline - 1) === 13)) blankLines += 1;
      lineLength = 0;
      runLength = 0;
      line += 1;
      from = newline + 1;
    }
    lineLength += text.length - from;
    const tail = longestRun(text, from, text.length, runLength);
    if (tail.longest > maxLineChars) throw tooLong();
    runLength = tail.last;
    // A gzipped file of nothing but line breaks would keep the CSV parser busy for an hour
    // inside the expansion limit.
    if (blankLines > maxBlankLines && blankLines > 10 * (line - blankLines)) {
      throw new FileLimitError(
        line,
        `the file has more than ${maxBlankLines.toLocaleString('en')} empty lines, over ten times its lines with data, by line ${line}: not a data file`,
      );
    }
    if (text.length > 0) yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest.length > 0) yield rest;
  } catch {
    throw new FileLimitError(line, `line ${line} is not valid UTF-8: the file ends inside a character`);
  }
}
