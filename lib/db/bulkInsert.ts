import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export interface BulkColumn {
  name: string;
  /** Postgres type of the column: int, text, real, float8, real[], jsonb ... (real[] is written with nine digits) */
  type: string;
}

type Cell = string | number | boolean | null | undefined | readonly number[] | object;

const escapeNeeded = /[\\\n\r\t]/;
const escapeEach = /[\\\n\r\t]/g;
const escapes: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** COPY text escaping: backslash, newline, carriage return and tab; most values have none. */
function escapeCopy(text: string): string {
  return escapeNeeded.test(text) ? text.replace(escapeEach, (c) => escapes[c]) : text;
}

function copyText(value: Cell, float4Array = false): string {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return '\\N';
  if (typeof value === 'string') return escapeCopy(value);
  if (typeof value === 'number') return String(value);
  if (float4Array && (Array.isArray(value) || ArrayBuffer.isView(value)))
    return float4ArrayText(value as ArrayLike<number>);
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    return `{${Array.from(value as ArrayLike<number>, (n) => (Number.isFinite(n) ? String(n) : 'NaN')).join(',')}}`;
  }
  return escapeCopy(typeof value === 'object' ? JSON.stringify(value) : String(value));
}

/**
 * A real[] literal with nine significant digits per element: enough to give back every float4
 * exactly, and about half the text (and formatting time) of JavaScript's shortest float8 form of
 * the same values, e.g. 0.123456791 rather than 0.12345679104328156.
 */
function float4ArrayText(values: ArrayLike<number>): string {
  let text = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) text += ',';
    const n = values[i];
    text += Number.isFinite(n) ? n.toPrecision(9) : 'NaN';
  }
  return `${text}}`;
}

/** Writes many rows into `table` through COPY, within the caller's connection (and so its transaction). */
export async function bulkInsert(
  client: pg.PoolClient | pg.Client,
  table: string,
  columns: BulkColumn[],
  rows: Iterable<Cell[]>,
): Promise<number> {
  const columnList = columns.map((column) => `"${column.name}"`).join(', ');
  const float4Arrays = columns.map((column) => column.type === 'real[]');
  let count = 0;
  const lines = (function* () {
    let buffer = '';
    for (const row of rows) {
      let line = copyText(row[0], float4Arrays[0]);
      for (let i = 1; i < row.length; i++) line += `\t${copyText(row[i], float4Arrays[i])}`;
      buffer += `${line}\n`;
      count++;
      if (buffer.length > 1 << 16) {
        yield buffer;
        buffer = '';
      }
    }
    if (buffer) yield buffer;
  })();
  await pipeline(Readable.from(lines), client.query(copyFrom(`COPY ${table} (${columnList}) FROM STDIN`)));
  return count;
}
