import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { FileFormat } from './types';

const needsQuotes = /[",\r\n]/;

function csvField(value: string): string {
  return needsQuotes.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** `<file>.rejects.csv` (or `.ndjson`) next to the input. */
export function defaultRejectPath(file: string, format: FileFormat): string {
  return `${file}.rejects.${format}`;
}

/**
 * Writes rejected rows in the input's own format plus the reason: CSV rows with an extra
 * `_error` column, NDJSON objects with an `_error` key (unparseable lines as `_raw`). The file
 * is created on the first reject only.
 */
export class RejectWriter {
  private stream: WriteStream | null = null;
  private failure: Error | null = null;
  count = 0;

  constructor(
    readonly path: string,
    private readonly format: FileFormat,
    private readonly header: readonly string[] | null,
  ) {}

  private open(): WriteStream {
    const stream = createWriteStream(this.path);
    stream.on('error', (error) => {
      this.failure ??= error;
    });
    if (this.format === 'csv') stream.write(`${[...(this.header ?? []), '_error'].map(csvField).join(',')}\n`);
    return stream;
  }

  async write(
    line: number,
    raw: string | readonly string[] | Readonly<Record<string, unknown>>,
    reason: string,
  ): Promise<void> {
    if (this.failure) throw this.failure;
    this.stream ??= this.open();
    this.count += 1;
    let text: string;
    if (this.format === 'csv') {
      const fields = Array.isArray(raw) ? (raw as readonly string[]) : [String(raw)];
      text = `${[...fields, reason].map(csvField).join(',')}\n`;
    } else if (typeof raw === 'string') {
      text = `${JSON.stringify({ _line: line, _raw: raw, _error: reason })}\n`;
    } else {
      text = `${JSON.stringify({ ...(raw as Record<string, unknown>), _error: reason })}\n`;
    }
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  /** Finishes the file; returns its path, or null when nothing was rejected. */
  async close(): Promise<string | null> {
    if (!this.stream) return null;
    this.stream.end();
    await finished(this.stream);
    if (this.failure) throw this.failure;
    return this.path;
  }
}
