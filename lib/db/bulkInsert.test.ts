import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from './embeddedPostgres';
import { bulkInsert } from './bulkInsert';
import { getPool } from './connection';
import pg from 'pg';

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

  describe('on the embedded database', () => {
    let stop: (() => Promise<void>) | undefined;
    afterAll(async () => {
      process.env.PORTRAIT_EMBEDDED = '';
      await stop?.();
    });
    it('writes the same rows through batched unnest inserts', async () => {
      const embedded = await startEmbeddedPostgres('memory://', 55871);
      stop = embedded.stop;
      process.env.PORTRAIT_EMBEDDED = '1';
      const client = new pg.Client({ connectionString: 'postgresql://postgres@127.0.0.1:55871/postgres' });
      await client.connect();
      try {
        const { written, back } = await roundTrip(client);
        expect(written).toBe(3);
        expect(back[0]).toEqual({ a: 1, b: 'tab\there', v: [1.5, 2], j: { x: 1 } });
        expect(back[1]).toEqual({ a: 2, b: null, v: [], j: null });
        expect(back[2].b).toBe('new\nline \\ slash');
      } finally {
        await client.end();
      }
    });
  });
});
