import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { bundledThreadCode } from './bundledThreadCode';
import { ByteLineCheck } from './byteLineCheck';
import type { EventCleaner } from './cleanEventRow';
import { completeRecordsEnd } from './completeRecordsEnd';
import { type CsvCut, CsvReadError, CsvRecordReader, firstLineBreak } from './csvRecordReader';
import { countNewlines, decodeText, FileLimitError } from './decodeText';
import {
  type EncodedEventChunk,
  type EventChunk,
  type EventChunkSettings,
  encodeEventChunk,
  eventCleanerFor,
} from './encodeEventChunk';
import { readFileLimits } from './limits';
import { type OpenRecordFileOptions, openFileBytes } from './openRecordFile';

/** bytes per chunk a thread reads: about 20,000 events of a typical export */
const chunkChars = 1 << 20;

/** Files smaller than this are read on the import's own thread: starting threads costs more. */
export const THREADED_IMPORT_MIN_BYTES = 16 * 1024 * 1024;

/** PORTRAIT_IMPORT_THREADS, else one thread per core up to 4; 0 reads every file on one thread. */
export function importThreadCount(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.PORTRAIT_IMPORT_THREADS;
  if (given !== undefined && given.trim() !== '' && Number.isInteger(Number(given)) && Number(given) >= 0)
    return Number(given);
  return Math.min(4, os.availableParallelism());
}

export interface ThreadedRead {
  settings: EventChunkSettings;
  hasHeader: boolean;
  delimiter: string;
  threads: number;
  onBytes?: (bytes: number) => void;
  openOptions: OpenRecordFileOptions;
  /** bytes (or characters) per chunk, about a megabyte by default */
  chunkChars?: number;
  /** takes each chunk's rows, in file order, with the bytes (or characters of text) they were read from; may wait (a COPY under way) */
  onChunk(encoded: EncodedEventChunk, size: number): Promise<void>;
}

/** done: every row went to onChunk; bad: a row is not good (or the file not readable) */
export type ThreadedOutcome = 'done' | 'bad';

interface Pending {
  resolve(encoded: EncodedEventChunk): void;
  reject(error: Error): void;
}

function startThread(
  code: Promise<string>,
  settings: EventChunkSettings,
  pending: Map<number, Pending>,
): Promise<Worker> {
  return code.then(
    (script) =>
      new Promise((resolve, reject) => {
        const thread = new Worker(script, { eval: true, workerData: settings });
        let started = false;
        thread.on('message', (message: { ready?: true; id?: number; encoded?: EncodedEventChunk; error?: string }) => {
          if (message.ready) {
            started = true;
            resolve(thread);
            return;
          }
          const waiting = pending.get(message.id as number);
          pending.delete(message.id as number);
          if (message.error !== undefined) waiting?.reject(new Error(`an import thread failed: ${message.error}`));
          else waiting?.resolve(message.encoded as EncodedEventChunk);
        });
        thread.once('error', (error) => {
          reject(error);
          // a thread that never started was given no chunk: the others' chunks go on
          if (!started) return;
          for (const waiting of pending.values()) waiting.reject(error);
          pending.clear();
        });
      }),
  );
}

/** the file's bytes as they come, after the ones read already */
async function* replay(read: Buffer[], rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield* read;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

/** bytes read and not yet sent: a buffer that grows, with its start taken by `take` */
class PendingBytes {
  private buffer = Buffer.allocUnsafe(0);
  length = 0;

  append(chunk: Buffer): void {
    if (this.length + chunk.length > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(2 * this.buffer.length, this.length + chunk.length));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    chunk.copy(this.buffer, this.length);
    this.length += chunk.length;
  }

  get bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  /** the first `count` bytes less the first `skip` (a BOM), in a buffer of their own to transfer to a thread; the rest move to the front */
  take(count: number, skip = 0): Uint8Array<ArrayBuffer> {
    const taken = new Uint8Array(count - skip);
    taken.set(this.buffer.subarray(skip, count));
    this.buffer.copy(this.buffer, 0, count, this.length);
    this.length -= count;
    return taken;
  }
}

const utf8Bom = [0xef, 0xbb, 0xbf];

/**
 * Reads a CSV events file on several threads: this one cuts the file's bytes into chunks of
 * whole records (completeRecordsEnd, which skips the lines without quotes whole) and checks them
 * against decodeText's limits (ByteLineCheck), and the threads decode, read, clean, fingerprint
 * and encode each chunk for COPY (encodeEventChunk). Chunks come back to `onChunk` in file order.
 * A file whose lines end at a lone CR, or with a delimiter that is not one ASCII character, is
 * decoded and cut as text here instead (CsvRecordReader.takeRecords).
 *
 * Threads start from one bundle of their code (bundledThreadCode), made once a process: the
 * first chunk waits for the first of them, and if none starts (the bundle cannot be made) this
 * thread reads the whole file itself.
 *
 * Stops ('bad') at the first row that is not good, or when the file breaks a limit or is not
 * readable CSV: the caller then reads the file on one thread for its report, line by line, as
 * before, so every error message has one source.
 */
export async function readEventsInThreads(file: string, read: ThreadedRead): Promise<ThreadedOutcome> {
  const limits = read.openOptions.limits ?? readFileLimits();
  const pending = new Map<number, Pending>();
  const code = bundledThreadCode(path.join(import.meta.dirname, 'eventChunkThread.ts'));
  const ready: Worker[] = [];
  let finished = false;
  const starting = Array.from({ length: read.threads }, () => startThread(code, read.settings, pending));
  for (const thread of starting)
    thread.then(
      (started) => {
        if (finished) void started.terminate();
        else ready.push(started);
      },
      () => {},
    );
  // the first thread to start, or null when none can: a thread starts in well under 100 ms,
  // where this thread's first chunk, read before V8 has compiled the reading, took 250-300 ms
  // and kept the started threads waiting for their first chunks
  const firstStarted = Promise.any(starting).catch(() => null);
  let ownCleaner: EventCleaner | null = null;
  const source = await openFileBytes(file, read.onBytes, read.openOptions);
  const inFlight: { encoded: Promise<EncodedEventChunk>; size: number }[] = [];
  let nextId = 0;
  let turn = 0;
  let bad = false;
  const settleOldest = async (): Promise<void> => {
    const oldest = inFlight.shift() as { encoded: Promise<EncodedEventChunk>; size: number };
    const encoded = await oldest.encoded;
    if (encoded.badLine !== null) bad = true;
    else await read.onChunk(encoded, oldest.size);
  };
  const send = async (chunk: EventChunk): Promise<void> => {
    const chunkSize = chunk.text.length;
    let encoded: Promise<EncodedEventChunk>;
    if (ready.length === 0) await firstStarted;
    if (ready.length === 0) {
      ownCleaner ??= eventCleanerFor(read.settings);
      encoded = Promise.resolve(encodeEventChunk(read.settings, ownCleaner, chunk));
    } else {
      const id = nextId++;
      const thread = ready[turn++ % ready.length];
      encoded = new Promise<EncodedEventChunk>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        thread.postMessage({ id, chunk }, typeof chunk.text === 'string' ? [] : [chunk.text.buffer as ArrayBuffer]);
      });
      encoded.catch(() => {});
    }
    inFlight.push({ encoded, size: chunkSize });
    while (!bad && inFlight.length >= 2 * Math.max(1, ready.length)) await settleOldest();
  };
  const size = read.chunkChars ?? chunkChars;
  const bytes = source.bytes[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const check = new ByteLineCheck(source.decodeOptions);
  const sendText = async (decoded: AsyncIterable<string>): Promise<void> => {
    const cutter = new CsvRecordReader(read.delimiter, limits.maxLineChars);
    let buffered = '';
    let headerAhead = read.hasHeader;
    const cut = async (final: boolean): Promise<void> => {
      const firstLine = cutter.nextLine;
      const whole = cutter.takeRecords(buffered, final);
      buffered = '';
      if (whole.length === 0) return;
      await send({ cut: cutter.cut, text: whole, firstLine, skipHeader: headerAhead });
      headerAhead = false;
    };
    for await (const piece of decoded) {
      for (let from = 0; from < piece.length && !bad; from += size) {
        buffered += piece.length <= size ? piece : piece.slice(from, from + size);
        if (buffered.length >= size) await cut(false);
      }
      if (bad) break;
    }
    if (!bad) await cut(true);
  };
  const sendBytes = async (head: Buffer[]): Promise<void> => {
    const cut: CsvCut = { delimiter: read.delimiter, maxRecordChars: limits.maxLineChars, lineBreak: '\n' };
    const delimiter = read.delimiter.charCodeAt(0);
    const buffered = new PendingBytes();
    let line = 1;
    let skipHeader = read.hasHeader;
    let bom = true;
    const takeChunk = async (end: number): Promise<void> => {
      const text = buffered.take(end, bom && utf8Bom.every((byte, at) => buffered.bytes[at] === byte) ? 3 : 0);
      bom = false;
      const firstLine = line;
      line += countNewlines(text);
      await send({ cut, text, firstLine, skipHeader });
      skipHeader = false;
    };
    let checked = head.length;
    for await (const chunk of replay(head, bytes)) {
      if (checked > 0) checked -= 1;
      else if (!check.add(chunk)) {
        bad = true;
        return;
      }
      buffered.append(chunk);
      while (buffered.length >= size && !bad) {
        const end =
          completeRecordsEnd(buffered.bytes.subarray(0, size), delimiter) ||
          completeRecordsEnd(buffered.bytes, delimiter);
        if (end > 0) await takeChunk(end);
        else {
          // a record this long is refused (CsvRecordReader's maxRecordChars) wherever it ends
          if (buffered.length > 3 * limits.maxLineChars) bad = true;
          break;
        }
      }
      if (bad) return;
    }
    if (buffered.length > 0) await takeChunk(buffered.length);
  };
  try {
    // the first chunks, until a line break, tell how lines end
    const head: Buffer[] = [];
    let headBytes = 0;
    let lineBreak: '\n' | '\r' | null = null;
    while ((headBytes < size || lineBreak === null) && !bad) {
      const next = await bytes.next();
      if (next.done) break;
      head.push(next.value);
      headBytes += next.value.length;
      if (!check.add(next.value)) bad = true;
      // latin1 gives a character per byte, so CR and LF stand where they do in the bytes
      lineBreak ??= firstLineBreak(Buffer.concat(head).toString('latin1'));
    }
    const byteDelimiter =
      read.delimiter.length === 1 && read.delimiter.charCodeAt(0) < 0x80 && !'"\r\n'.includes(read.delimiter);
    if (!bad && lineBreak !== '\r' && byteDelimiter) await sendBytes(head);
    else if (!bad) await sendText(decodeText(replay(head, bytes), source.decodeOptions));
    while (!bad && inFlight.length > 0) await settleOldest();
  } catch (error) {
    if (!(error instanceof FileLimitError || error instanceof CsvReadError)) throw error;
    bad = true;
  } finally {
    finished = true;
    source.close();
    for (const thread of ready) void thread.terminate();
  }
  return bad ? 'bad' : 'done';
}
