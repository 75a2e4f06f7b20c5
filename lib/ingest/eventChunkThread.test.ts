import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { bundledThreadCode } from './bundledThreadCode';
import { CsvRecordReader } from './csvRecordReader';
import { type EncodedEventChunk, type EventChunkSettings, encodeEventChunk, eventCleanerFor } from './encodeEventChunk';
import { readTimestampWindow } from './limits';

const settings: EventChunkSettings = {
  header: ['user_id', 'item_id', 'type', 'ts', 'value', 'text'],
  mapping: undefined,
  tsWindow: readTimestampWindow(),
};

describe('an import thread started from its bundle', () => {
  it('starts and encodes a chunk into the rows this thread encodes from it', async () => {
    const text =
      'user_id,item_id,type,ts,value,text\nu1,i1,View,2024-03-01,,"a, b"\nu2,,purchase,2024-03-02T10:00:00Z,9.5,\n';
    const chunk = { cut: new CsvRecordReader(',', 1 << 20).cut, text, firstLine: 1, skipHeader: true };
    const code = await bundledThreadCode(path.join(import.meta.dirname, 'eventChunkThread.ts'));
    const thread = new Worker(code, { eval: true, workerData: settings });
    try {
      const encoded = await new Promise<EncodedEventChunk>((resolve, reject) => {
        thread.on('message', (message: { ready?: true; encoded?: EncodedEventChunk; error?: string }) => {
          if (message.ready) thread.postMessage({ id: 1, chunk });
          else if (message.error !== undefined) reject(new Error(message.error));
          else resolve(message.encoded as EncodedEventChunk);
        });
        thread.once('error', reject);
      });
      const here = encodeEventChunk(settings, eventCleanerFor(settings), chunk);
      expect(encoded.rows).toBe(2);
      expect(Buffer.from(encoded.copy)).toEqual(Buffer.from(here.copy));
      expect(encoded.users).toEqual(['u1', 'u2']);
    } finally {
      await thread.terminate();
    }
  });

  it('is refused, once, for an entry that cannot be bundled, so the caller reads on its own thread', async () => {
    const missing = path.join(import.meta.dirname, 'noSuchThread.ts');
    await expect(bundledThreadCode(missing)).rejects.toThrow(/noSuchThread/);
    expect(bundledThreadCode(missing)).toBe(bundledThreadCode(missing));
  });
});
