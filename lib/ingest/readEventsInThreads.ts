import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { bundledThreadCode } from './bundledThreadCode';
import type { EventCleaner } from './cleanEventRow';
import { CsvReadError, CsvRecordReader } from './csvRecordReader';
import { FileLimitError } from './decodeText';
import {
  type EncodedEventChunk,
  type EventChunk,
  type EventChunkSettings,
  encodeEventChunk,
  eventCleanerFor,
} from './encodeEventChunk';
import { readFileLimits } from './limits';
import { type OpenRecordFileOptions, openDecodedText } from './openRecordFile';

/** characters of text per chunk a thread reads: about 20,000 events of a typical export */
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
  /** characters of text per chunk (default about a megabyte) */
  chunkChars?: number;
  /** takes each chunk's rows, in file order, with the characters of text they were read from; may wait (a COPY under way) */
  onChunk(encoded: EncodedEventChunk, chars: number): Promise<void>;
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

/**
 * Reads a CSV events file on several threads: this one decodes the text and cuts it into
 * chunks of whole records (CsvRecordReader.takeRecords, which only counts the lines without
 * quotes), and the threads read, clean, fingerprint and encode each chunk for COPY
 * (encodeEventChunk). Chunks come back to `onChunk` in file order.
 *
 * Threads start from one bundle of their code (bundledThreadCode), made once a process: until
 * one is ready this thread encodes the chunks itself, so the first COPY does not wait for them,
 * and if none starts (the bundle cannot be made) it reads the whole file that way.
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
  let ownCleaner: EventCleaner | null = null;
  const source = await openDecodedText(file, read.onBytes, read.openOptions);
  const cutter = new CsvRecordReader(read.delimiter, limits.maxLineChars);
  const inFlight: { encoded: Promise<EncodedEventChunk>; chars: number }[] = [];
  let nextId = 0;
  let turn = 0;
  let bad = false;
  const settleOldest = async (): Promise<void> => {
    const oldest = inFlight.shift() as { encoded: Promise<EncodedEventChunk>; chars: number };
    const encoded = await oldest.encoded;
    if (encoded.badLine !== null) bad = true;
    else await read.onChunk(encoded, oldest.chars);
  };
  const send = async (text: string, firstLine: number, skipHeader: boolean): Promise<void> => {
    const chunk: EventChunk = { cut: cutter.cut, text, firstLine, skipHeader };
    let encoded: Promise<EncodedEventChunk>;
    if (ready.length === 0) {
      ownCleaner ??= eventCleanerFor(read.settings);
      encoded = Promise.resolve(encodeEventChunk(read.settings, ownCleaner, chunk));
    } else {
      const id = nextId++;
      const thread = ready[turn++ % ready.length];
      encoded = new Promise<EncodedEventChunk>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        thread.postMessage({ id, chunk });
      });
      encoded.catch(() => {});
    }
    inFlight.push({ encoded, chars: text.length });
    while (!bad && inFlight.length >= 2 * Math.max(1, ready.length)) await settleOldest();
  };
  try {
    let buffered = '';
    let headerAhead = read.hasHeader;
    const cut = async (final: boolean): Promise<void> => {
      const firstLine = cutter.nextLine;
      const whole = cutter.takeRecords(buffered, final);
      buffered = '';
      if (whole.length === 0) return;
      await send(whole, firstLine, headerAhead);
      headerAhead = false;
    };
    const size = read.chunkChars ?? chunkChars;
    for await (const piece of source.decoded) {
      for (let from = 0; from < piece.length && !bad; from += size) {
        buffered += piece.length <= size ? piece : piece.slice(from, from + size);
        if (buffered.length >= size) await cut(false);
      }
      if (bad) break;
    }
    if (!bad) await cut(true);
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
