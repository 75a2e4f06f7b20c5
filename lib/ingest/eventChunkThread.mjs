// A thread of readEventsInThreads. A worker thread does not inherit tsx's TypeScript loader, so
// this plain-JavaScript entry registers it before loading the TypeScript module.
import { fileURLToPath } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) });
const { encodeEventChunk, eventCleanerFor } = await import('./encodeEventChunk.ts');
const cleaner = eventCleanerFor(workerData);
parentPort.on('message', ({ id, chunk }) => {
  try {
    const encoded = encodeEventChunk(workerData, cleaner, chunk);
    parentPort.postMessage({ id, encoded }, [
      encoded.copy.buffer,
      encoded.digests.buffer,
      encoded.fingerprintAt.buffer,
    ]);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
parentPort.postMessage({ ready: true });
