import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { csvCell } from '@/lib/export/csvCell';

const chunkBytes = 1 << 18;

/**
 * Streams CSV rows (CRLF line ends, UTF-8) to a file in large chunks, waiting for the disk when
 * the stream's buffer is full, so memory stays bounded however many rows are written.
 */
export class CsvFileWriter {
  private pending: string[] = [];
  private pendingLength = 0;
  private failure: Error | null = null;

  private constructor(private readonly stream: WriteStream) {
    // kept until the next flush, which rethrows it: an unheard 'error' event would crash the process
    stream.on('error', (error) => {
      this.failure ??= error;
    });
  }

  static open(path: string, header: readonly string[]): CsvFileWriter {
    const writer = new CsvFileWriter(createWriteStream(path, { encoding: 'utf8', highWaterMark: chunkBytes }));
    writer.writeLine(header.map(csvCell).join(','));
    return writer;
  }

  /** Adds a line whose fields are already escaped with csvCell (lib/export/csvCell.ts). */
  writeLine(line: string): void {
    this.pending.push(line, '\r\n');
    this.pendingLength += line.length + 2;
  }

  /** True once enough is buffered that the caller should await flush(). */
  get wantsFlush(): boolean {
    return this.pendingLength >= chunkBytes;
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.pending.length === 0) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
  }

  /** Closes the file without waiting, after a failure elsewhere. */
  abort(): void {
    this.stream.destroy();
  }
}
