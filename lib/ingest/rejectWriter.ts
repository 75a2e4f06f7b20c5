import { once } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { type CsvValue, csvRow } from '@/lib/export/csvCell';
import { datasetRejectsFolder } from './rejectsFolder';
import type { FileFormat, ImportKind } from './types';

/**
 * `<rejects root>/<dataset id>-<name>/<time>-<kind>-<input name>.rejects.csv` (or `.ndjson`): in
 * the dataset's rejects folder, named so that two imports, or two kinds read from one file,
 * never write over each other.
 */
export function defaultRejectPath(
  file: string,
  format: FileFormat,
  kind: ImportKind,
  dataset: { id: number; name: string },
  now = new Date(),
): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const base =
    path
      .basename(file)
      .replace(/\.gz$/i, '')
      .replace(/\.(csv|tsv|ndjson|jsonl|json)$/i, '')
      .replace(/[^A-Za-z0-9._-]+/g, '_') || 'input';
  return path.join(datasetRejectsFolder(dataset.id, dataset.name), `${stamp}-${kind}-${base}.rejects.${format}`);
}

/**
 * A rejected CSV field through the export's CSV writer, so text a spreadsheet would run as a
 * formula is defused; a plain number keeps its exact text (`-3` stays `-3`, not `'-3`), so the
 * file can be fixed and imported again.
 */
function rejectedField(text: string): CsvValue {
  const value = Number(text);
  return Number.isFinite(value) && String(value) === text ? value : text;
}

/**
 * Writes rejected rows in the input's own format plus the reason: CSV rows with an extra
 * `_error` column (through lib/export/csvCell, escaped against formula injection), NDJSON objects
 * with an `_error` key (unparseable lines as `_raw`). The file and its folder are created on the
 * first reject only.
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
    mkdirSync(path.dirname(this.path), { recursive: true });
    const stream = createWriteStream(this.path);
    stream.on('error', (error) => {
      this.failure ??= error;
    });
    if (this.format === 'csv') stream.write(csvRow([...(this.header ?? []).map(rejectedField), '_error']));
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
      text = csvRow([...fields.map(rejectedField), reason]);
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
