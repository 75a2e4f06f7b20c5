import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyBytes, writeUtf8 } from './md5';

/** PGCOPY\n\377\r\n\0, then no flags and no header extension */
const header = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
const trailer = Buffer.from([0xff, 0xff]);
const pieceBytes = 1 << 20;
const twoTo32 = 4_294_967_296;
/** 2000-01-01T00:00:00Z, where Postgres counts timestamps from */
const postgresEpochMs = 946_684_800_000;
/** texts up to this many UTF-16 units are written by writeUtf8 rather than Buffer.write (BinaryCopyRows.text) */
const shortText = 32;

// Plain stores instead of Buffer's write methods, which check their arguments on every call:
// a row writes ten or more words, and the checks were a tenth of encoding it.
function putInt32BE(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value >>> 24;
  bytes[at + 1] = value >>> 16;
  bytes[at + 2] = value >>> 8;
  bytes[at + 3] = value;
}

function putInt32LE(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value;
  bytes[at + 1] = value >>> 8;
  bytes[at + 2] = value >>> 16;
  bytes[at + 3] = value >>> 24;
}

/**
 * Rows in COPY's binary format, built in large buffers and sent with one COPY per flush. Postgres
 * then reads uuids, times and numbers as they are stored instead of parsing text, and the
 * client writes bytes instead of building strings: the events import spent more time making
 * COPY text than reading its CSV.
 */
export class BinaryCopyRows {
  private pieces: Uint8Array[] = [];
  private buffer = Buffer.allocUnsafe(pieceBytes);
  private at = 0;
  /** bytes in `pieces` */
  private piecesBytes = 0;
  /** rows added since the last flush */
  rows = 0;

  private reserve(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    this.closePiece();
    this.buffer = Buffer.allocUnsafe(Math.max(pieceBytes, bytes));
  }

  private closePiece(): void {
    if (this.at > 0) this.pieces.push(this.buffer.subarray(0, this.at));
    this.piecesBytes += this.at;
    this.at = 0;
  }

  /** bytes of the rows added since the last flush or takeBytes: where the next field starts */
  get byteLength(): number {
    return this.piecesBytes + this.at;
  }

  /**
   * The rows added so far, as one buffer of their own (transferable to another thread) without
   * COPY's header and trailer, and starts over.
   */
  takeBytes(): Buffer {
    const bytes = Buffer.allocUnsafeSlow(this.byteLength);
    let at = 0;
    for (const piece of this.pieces) {
      bytes.set(piece, at);
      at += piece.length;
    }
    bytes.set(this.buffer.subarray(0, this.at), at);
    this.pieces = [];
    this.piecesBytes = 0;
    this.at = 0;
    this.rows = 0;
    return bytes;
  }

  /** Adds `rows` rows another BinaryCopyRows encoded (takeBytes). */
  appendBytes(bytes: Uint8Array, rows: number): void {
    // an import's own thread only appends: its buffer, never written, is kept, not replaced by
    // another megabyte a chunk (which Node counts as external memory, and collects for)
    if (this.at > 0) {
      this.closePiece();
      this.buffer = Buffer.allocUnsafe(pieceBytes);
    }
    this.pieces.push(bytes);
    this.piecesBytes += bytes.length;
    this.rows += rows;
  }

  startRow(fields: number): void {
    this.reserve(2);
    this.buffer[this.at] = fields >>> 8;
    this.buffer[this.at + 1] = fields;
    this.at += 2;
    this.rows += 1;
  }

  null(): void {
    this.reserve(4);
    putInt32BE(this.buffer, this.at, -1);
    this.at += 4;
  }

  int32(value: number): void {
    this.reserve(8);
    putInt32BE(this.buffer, this.at, 4);
    putInt32BE(this.buffer, this.at + 4, value);
    this.at += 8;
  }

  /** a bigint given as its 8 big-endian bytes */
  int64Bytes(bytes: Uint8Array): void {
    this.reserve(12);
    putInt32BE(this.buffer, this.at, 8);
    this.buffer.set(bytes, this.at + 4);
    this.at += 12;
  }

  float64(value: number | null): void {
    if (value === null) {
      this.null();
      return;
    }
    this.reserve(12);
    putInt32BE(this.buffer, this.at, 8);
    this.buffer.writeDoubleBE(value, this.at + 4);
    this.at += 12;
  }

  bool(value: boolean): void {
    this.reserve(5);
    putInt32BE(this.buffer, this.at, 1);
    this.buffer[this.at + 4] = value ? 1 : 0;
    this.at += 5;
  }

  /** a uuid given as 32 hex digits */
  uuid(hex: string): void {
    this.reserve(20);
    putInt32BE(this.buffer, this.at, 16);
    this.buffer.write(hex, this.at + 4, 16, 'hex');
    this.at += 20;
  }

  /** a uuid given as its 16 bytes read as four little-endian words (EventDigest) */
  uuidWords(words: Int32Array): void {
    this.reserve(20);
    const at = this.at;
    putInt32BE(this.buffer, at, 16);
    putInt32LE(this.buffer, at + 4, words[0]);
    putInt32LE(this.buffer, at + 8, words[1]);
    putInt32LE(this.buffer, at + 12, words[2]);
    putInt32LE(this.buffer, at + 16, words[3]);
    this.at += 20;
  }

  text(value: string | null): void {
    if (value === null) {
      this.null();
      return;
    }
    // a UTF-16 code unit is at most 3 bytes of UTF-8
    this.reserve(4 + value.length * 3);
    const start = this.at + 4;
    // ids and event types: writeUtf8's loop cost less than Buffer.write's call into C++
    const end =
      value.length <= shortText
        ? writeUtf8(this.buffer, start, value)
        : start + this.buffer.write(value, start, 'utf8');
    putInt32BE(this.buffer, this.at, end - start);
    this.at = end;
  }

  /** a text given as its UTF-8 bytes: source[from, to) */
  textBytes(source: Uint8Array, from: number, to: number): void {
    this.reserve(4 + to - from);
    putInt32BE(this.buffer, this.at, to - from);
    this.at = copyBytes(this.buffer, this.at + 4, source, from, to);
  }

  /**
   * A timestamptz from whole epoch milliseconds: microseconds since 2000 as a 64-bit integer,
   * split into words so no step leaves the integers a double holds exactly.
   */
  timestamptz(ms: number): void {
    this.reserve(12);
    const sinceEpoch = ms - postgresEpochMs;
    const high = Math.floor(sinceEpoch / twoTo32);
    const low = (sinceEpoch - high * twoTo32) * 1000;
    const carry = Math.floor(low / twoTo32);
    putInt32BE(this.buffer, this.at, 8);
    putInt32BE(this.buffer, this.at + 4, high * 1000 + carry);
    putInt32BE(this.buffer, this.at + 8, low - carry * twoTo32);
    this.at += 12;
  }

  /**
   * Sends the rows added since the last flush into `table` (its columns in order) and starts over.
   * Into a table created in the client's transaction (`freeze`, the default), the rows are written
   * frozen and its pages marked all-visible (COPY FREEZE), so reads that need only an index do
   * not visit the table until a VACUUM would have set that.
   */
  async flush(
    client: pg.PoolClient,
    table: string,
    columns: readonly string[],
    { freeze = true }: { freeze?: boolean } = {},
  ): Promise<void> {
    if (this.rows === 0) return;
    const pieces = [header, ...this.pieces, this.buffer.subarray(0, this.at), trailer];
    this.pieces = [];
    this.piecesBytes = 0;
    if (this.at > 0) this.buffer = Buffer.allocUnsafe(pieceBytes);
    this.at = 0;
    this.rows = 0;
    await pipeline(
      Readable.from(pieces),
      client.query(
        copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN (FORMAT binary${freeze ? ', FREEZE' : ''})`),
      ),
    );
  }
}
