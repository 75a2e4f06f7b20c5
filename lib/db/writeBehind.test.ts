import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { writeBehind } from './writeBehind';

/** A client that answers each statement after `ms`, failing those that say FAIL, and records when each ran. */
function fakeClient(ms: number) {
  const ran: { text: string; started: number; overlapped: boolean }[] = [];
  let running = 0;
  const client = {
    async query(text: string) {
      ran.push({ text, started: performance.now(), overlapped: running > 0 });
      running++;
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
      if (text.includes('FAIL')) throw new Error(`failed: ${text}`);
      return { rows: [], rowCount: 0 };
    },
  };
  return { client: client as unknown as pg.PoolClient, ran };
}

describe('writeBehind', () => {
  it('sends writes one at a time in the order given while the caller goes on', async () => {
    const { client, ran } = fakeClient(20);
    const writes = writeBehind(client);
    const started = performance.now();
    writes.write('A');
    await writes.client.query('B');
    writes.write('C');
    expect(performance.now() - started).toBeLessThan(15);
    await writes.flush();
    expect(ran.map((r) => r.text)).toEqual(['A', 'B', 'C']);
    expect(ran.some((r) => r.overlapped)).toBe(false);
  });

  it('throws the first failed write at flush, after every write has answered', async () => {
    const { client, ran } = fakeClient(5);
    const writes = writeBehind(client);
    writes.write('A');
    writes.write('FAIL 1');
    writes.write('FAIL 2');
    await expect(writes.flush()).rejects.toThrow('failed: FAIL 1');
    expect(ran).toHaveLength(3);
    await writes.settle();
  });

  it('refuses a statement given as a query config, which could read what it sends', () => {
    const writes = writeBehind(fakeClient(1).client);
    expect(() => writes.client.query({ text: 'SELECT 1' })).toThrow('as text');
  });
});
