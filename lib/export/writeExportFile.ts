import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Writes an export to `target` through a temporary file renamed into place, so a reader (or a
 * retried job) never sees half a file. Returns the bytes written.
 */
export async function writeExportFile(target: string, content: Buffer | AsyncIterable<string>): Promise<number> {
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  const partial = `${target}.${process.pid}.part`;
  try {
    await pipeline(
      Buffer.isBuffer(content) ? Readable.from([content]) : Readable.from(content),
      fs.createWriteStream(partial),
    );
    await fs.promises.rename(partial, target);
  } catch (error) {
    await fs.promises.rm(partial, { force: true });
    throw error;
  }
  return (await fs.promises.stat(target)).size;
}
