import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { isEmbeddedDatabase } from './connection';

export interface BulkColumn {
  name: string;
  /** Postgres type of the column, used by the unnest path: int, text, real, float8, real[], jsonb ... */
  type: string;
}

type Cell = string | number | boolean | null | undefined | readonly number[] | object;

function copyText(value: Cell, float4Array = false): string {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return '\\N';
  if (float4Array && (Array.isArray(value) || ArrayBuffer.isView(value)))
    return float4ArrayText(value as ArrayLike<number>);
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    return `{${Array.from(value as ArrayLike<number>, (n) => (Number.isFinite(n) ? String(n) : 'NaN')).join(',')}}`;
  }
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
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

/**
 * Writes many rows into `table` within the caller's connection (and so its transaction):
 * through COPY on a Postgres server, through batched `INSERT ... SELECT unnest(...)` on the
 * embedded PGlite, whose wire protocol has no COPY.
 */
export async function bulkInsert(
  client: pg.PoolClient | pg.Client,
  table: string,
  columns: BulkColumn[],
  rows: Iterable<Cell[]>,
  batchSize = 5000,
): Promise<number> {
  const columnList = columns.map((column) => `"${column.name}"`).join(', ');
  let count = 0;
  if (!isEmbeddedDatabase()) {
    const float4Arrays = columns.map((column) => column.type === 'real[]');
    const lines = (function* () {
      let buffer = '';
      for (const row of rows) {
        buffer += `${row.map((value, i) => copyText(value, float4Arrays[i])).join('\t')}\n`;
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
  const arrayColumns = columns.map((column) => column.type.endsWith('[]'));
  const unnestArgs = columns
    .map((column, i) => (arrayColumns[i] ? `$${i + 1}::text[]` : `$${i + 1}::${column.type}[]`))
    .join(', ');
  const selectList = columns.map((column, i) => (arrayColumns[i] ? `c${i}::${column.type}` : `c${i}`)).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  const sql = `INSERT INTO ${table} (${columnList}) SELECT ${selectList} FROM unnest(${unnestArgs}) AS u(${aliases})`;
  let batch: Cell[][] = columns.map(() => []);
  let batchRows = 0;
  const flush = async () => {
    if (batchRows === 0) return;
    await client.query(sql, batch);
    batch = columns.map(() => []);
    batchRows = 0;
  };
  for (const row of rows) {
    row.forEach((value, i) => {
      if (arrayColumns[i] && value !== null && value !== undefined) {
        batch[i].push(copyText(value));
      } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        batch[i].push(JSON.stringify(value));
      } else {
        batch[i].push(typeof value === 'number' && Number.isNaN(value) ? null : (value ?? null));
      }
    });
    batchRows++;
    count++;
    if (batchRows >= batchSize) await flush();
  }
  await flush();
  return count;
}
