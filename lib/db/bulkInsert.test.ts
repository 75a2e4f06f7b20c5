import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { bulkInsert } from './bulkInsert';
import { getPool } from './connection';

const columns = [
  { name: 'a', type: 'int' },
  { name: 'b', type: 'text' },
  { name: 'v', type: 'real[]' },
  { name: 'j', type: 'jsonb' },
];
const rows = [
  [1, 'tab\there', [1.5, 2], { x: 1 }],
  [2, null, [], null],
  [3, 'new\nline \\ slash', [Number.NaN], { y: 'z' }],
];

async function roundTrip(client: pg.PoolClient | pg.Client) {
  await client.query('CREATE TEMP TABLE bulk_t (a int, b text, v real[], j jsonb)');
  const written = await bulkInsert(client, 'bulk_t', columns, rows);
  const { rows: back } = await client.query('SELECT a, b, v, j FROM bulk_t ORDER BY a');
  return { written, back };
}

describe('bulkInsert', () => {
  it('round-trips text with tabs and newlines, arrays, nulls and json through COPY', async () => {
    const client = await getPool().connect();
    try {
      const { written, back } = await roundTrip(client);
      expect(written).toBe(3);
      expect(back[0]).toEqual({ a: 1, b: 'tab\there', v: [1.5, 2], j: { x: 1 } });
      expect(back[1]).toEqual({ a: 2, b: null, v: [], j: null });
      expect(back[2].b).toBe('new\nline \\ slash');
      expect(Number.isNaN(back[2].v[0])).toBe(true);
    } finally {
      client.release();
    }
  });

  it('writes real[] with nine digits, giving back every float32 exactly', async () => {
    const values = Float32Array.from([0.1, 1 / 3, -2.5e-7, 123456.789, 3.4e38, 1.17549435e-38, 7]);
    const client = await getPool().connect();
    try {
      await client.query('CREATE TEMP TABLE bulk_f (v real[])');
      await bulkInsert(client, 'bulk_f', [{ name: 'v', type: 'real[]' }], [[Array.from(values)], [values]]);
      const { rows: back } = await client.query<{ v: number[] }>('SELECT v FROM bulk_f');
      for (const row of back) expect(Float32Array.from(row.v)).toEqual(values);
    } finally {
      client.release();
    }
  });
});
