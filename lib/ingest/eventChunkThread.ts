// A thread of readEventsInThreads, started from its bundle (bundledThreadCode).
import { parentPort, workerData } from 'node:worker_threads';
import { encodeEventChunk, eventCleanerFor } from './encodeEventChunk';

const port = parentPort as NonNullable<typeof parentPort>;
const cleaner = eventCleanerFor(workerData);
port.on('message', ({ id, chunk }) => {
  try {
    const encoded = encodeEventChunk(workerData, cleaner, chunk);
    // each is a buffer of its own (copy from BinaryCopyRows.takeBytes), never a slice of Node's pool
    const transfer = [encoded.copy.buffer, encoded.digests.buffer, encoded.fingerprintAt.buffer] as ArrayBuffer[];
    port.postMessage({ id, encoded }, transfer);
  } catch (error) {
    port.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
port.postMessage({ ready: true });
