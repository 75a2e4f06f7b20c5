import { hash } from 'node:crypto';
import { copyBytes, md5Into, writeUtf8 } from './md5';

export interface FingerprintFields {
  userId: string;
  itemId: string | null;
  type: string;
  tsMs: number;
  value: number | null;
  text: string | null;
}

function canonicalForm(event: FingerprintFields): string {
  return `${event.userId}\x1f${event.itemId ?? ''}\x1f${event.type}\x1f${event.tsMs}\x1f${event.value ?? ''}\x1f${event.text ?? ''}`;
}

/**
 * The md5 of a cleaned event's canonical form (user, item, type, ts ms, value, text), as the
 * 32 hex digits Postgres reads as a uuid. Equal cleaned rows get equal fingerprints, which is
 * what makes re-imports add nothing.
 */
export function eventFingerprint(event: FingerprintFields): string {
  return hash('md5', canonicalForm(event), 'hex');
}

/**
 * The fingerprint of the `occurrence`-th (1-based) of several identical cleaned rows in one file
 * or request. The first keeps the plain fingerprint, so files imported before repeats were kept
 * still match; the n-th gets its own, the same on every re-import of the file.
 */
export function occurrenceFingerprint(fingerprint: string, occurrence: number): string {
  return occurrence === 1 ? fingerprint : hash('md5', `${fingerprint}\x1f${occurrence}`, 'hex');
}

/** 0x1f, the unit separator between the canonical form's fields */
const separator = 31;

/** the decimal digits of `value`, an integer from 0 to 2^31 - 1, at `at`: `width` of them, zero-padded, or as many as it has */
function writeDigits(bytes: Uint8Array, at: number, value: number, width = 0): number {
  let digits = 1;
  for (let power = 10; power <= value; power *= 10) digits++;
  if (digits < width) digits = width;
  let rest = value;
  for (let index = at + digits - 1; index >= at; index--) {
    const next = (rest / 10) | 0;
    bytes[index] = 48 + rest - next * 10;
    rest = next;
  }
  return at + digits;
}

/**
 * Writes `value` at `at` as String(value) would, without making the string: its decimal digits
 * when it is a safe integer (every time in ms, most values), else String's own text. String() of
 * the time was a fifth of fingerprinting a row; the digits are written from two 32-bit halves,
 * which V8 divides by 10 as integers.
 */
function writeNumber(bytes: Uint8Array, at: number, value: number): number {
  if (!Number.isSafeInteger(value)) return writeUtf8(bytes, at, String(value));
  let to = at;
  let rest = value;
  if (rest < 0) {
    bytes[to++] = 45;
    rest = -rest;
  }
  if (rest < 1e8) return writeDigits(bytes, to, rest);
  const high = Math.floor(rest / 1e8);
  // a safe integer is under 2^53, so `high` is under 10^8 as well
  return writeDigits(bytes, writeDigits(bytes, to, high), rest - high * 1e8, 8);
}

/**
 * eventFingerprint for a file import's hot loop: the same md5 of the same canonical form, as
 * four words and without a string or a native call per row (md5Into).
 */
export class EventDigest {
  private bytes = new Uint8Array(4096);
  /** the last digest, as md5Into gives it */
  readonly digest = new Int32Array(4);

  of(event: FingerprintFields): Int32Array {
    // 3 UTF-8 bytes per UTF-16 unit at most; the time, the value and md5's padding fit in 128
    const most =
      3 * (event.userId.length + (event.itemId?.length ?? 0) + event.type.length + (event.text?.length ?? 0));
    if (most + 128 > this.bytes.length) this.bytes = new Uint8Array(2 * (most + 128));
    const bytes = this.bytes;
    let at = writeUtf8(bytes, 0, event.userId);
    bytes[at++] = separator;
    if (event.itemId !== null) at = writeUtf8(bytes, at, event.itemId);
    bytes[at++] = separator;
    at = writeUtf8(bytes, at, event.type);
    bytes[at++] = separator;
    at = writeNumber(bytes, at, event.tsMs);
    bytes[at++] = separator;
    if (event.value !== null) at = writeNumber(bytes, at, event.value);
    bytes[at++] = separator;
    if (event.text !== null) at = writeUtf8(bytes, at, event.text);
    md5Into(bytes, at, this.digest);
    return this.digest;
  }

  /**
   * `of` for an event whose texts are UTF-8 bytes of `source`, each from its start to its end (an
   * item or text starting at -1 is null), and whose type is given lower-cased as bytes: the same
   * canonical form, byte for byte, without making a string.
   */
  ofBytes(
    source: Uint8Array,
    user: number,
    userEnd: number,
    item: number,
    itemEnd: number,
    type: Uint8Array,
    tsMs: number,
    value: number | null,
    text: number,
    textEnd: number,
  ): Int32Array {
    const most = userEnd - user + (item < 0 ? 0 : itemEnd - item) + type.length + (text < 0 ? 0 : textEnd - text);
    if (most + 128 > this.bytes.length) this.bytes = new Uint8Array(2 * (most + 128));
    const bytes = this.bytes;
    let at = copyBytes(bytes, 0, source, user, userEnd);
    bytes[at++] = separator;
    if (item >= 0) at = copyBytes(bytes, at, source, item, itemEnd);
    bytes[at++] = separator;
    at = copyBytes(bytes, at, type, 0, type.length);
    bytes[at++] = separator;
    at = writeNumber(bytes, at, tsMs);
    bytes[at++] = separator;
    if (value !== null) at = writeNumber(bytes, at, value);
    bytes[at++] = separator;
    if (text >= 0) at = copyBytes(bytes, at, source, text, textEnd);
    md5Into(bytes, at, this.digest);
    return this.digest;
  }

  /** the last digest as eventFingerprint writes it */
  hex(): string {
    return digestHex(this.digest, 0);
  }
}

const hexScratch = Buffer.alloc(16);

/** the digest of four words at `at` in `words` (EventDigest) as eventFingerprint writes it */
export function digestHex(words: Int32Array, at: number): string {
  for (let index = 0; index < 4; index++) hexScratch.writeInt32LE(words[at + index], index * 4);
  return hexScratch.toString('hex');
}
