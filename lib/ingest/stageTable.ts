import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type StageValue = string | number | null;

export interface StageColumn {
  name: string;
  type: 'text' | 'uuid' | 'bigint' | 'integer' | 'double precision' | 'timestamptz';
}

/** Staging tables are named for their import batch, so cleanupStaleStaging can find leftovers. */
export const stageTablePrefix = 'import_stage_';

const copySpecial = /[\\\n\r\t]/;

/** A value in COPY's text format: \N for null, backslash escapes for the four special characters. */
export function copyText(value: StageValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  if (!copySpecial.test(value)) return value;
  return value.replace(/[\\\n\r\t]/g, (char) =>
    char === '\\' ? '\\\\' : char === '\n' ? '\\n' : char === '\r' ? '\\r' : '\\t',
  );
}

const copyPieceChars = 1 << 20;

/**
 * An UNLOGGED table that holds one import's cleaned rows before they are merged, created inside
 * the import transaction so a killed import leaves none behind. Rows are buffered here and sent
 * with COPY.
 */
export class StageTable {
  readonly name: string;
  private pieces: string[] = [];
  private current = '';
  /** rows added since the last flush */
  bufferedRows = 0;

  constructor(
    batchId: number,
    readonly columns: readonly StageColumn[],
  ) {
    this.name = `${stageTablePrefix}${batchId}`;
  }

  async create(client: pg.PoolClient): Promise<void> {
    const definition = this.columns.map((column) => `${column.name} ${column.type}`).join(', ');
    await client.query(`CREATE UNLOGGED TABLE ${this.name} (${definition})`);
  }

  add(values: readonly StageValue[]): void {
    let line = copyText(values[0]);
    for (let index = 1; index < values.length; index++) line += `\t${copyText(values[index])}`;
    this.addCopyLine(`${line}\n`);
  }

  /**
   * Adds one row already written in COPY's text format, tab-separated and ending in a newline,
   * for callers whose rows are hot enough that formatting them field by field shows.
   */
  addCopyLine(line: string): void {
    this.bufferedRows += 1;
    this.current += line;
    if (this.current.length >= copyPieceChars) {
      this.pieces.push(this.current);
      this.current = '';
    }
  }

  /** Sends the buffered rows to the table and empties the buffer. */
  async flush(client: pg.PoolClient): Promise<void> {
    const columnList = this.columns.map((column) => column.name).join(', ');
    this.bufferedRows = 0;
    if (this.current.length > 0) this.pieces.push(this.current);
    const pieces = this.pieces;
    this.pieces = [];
    this.current = '';
    if (pieces.length === 0) return;
    await pipeline(Readable.from(pieces), client.query(copyFrom(`COPY ${this.name} (${columnList}) FROM STDIN`)));
  }

  async truncate(client: pg.PoolClient): Promise<void> {
    await client.query(`TRUNCATE ${this.name}`);
  }

  async drop(client: pg.PoolClient): Promise<void> {
    await client.query(`DROP TABLE IF EXISTS ${this.name}`);
  }
}
