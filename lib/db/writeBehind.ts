import type pg from 'pg';

/** The query function of a client that only writes: what writeBehind's `client` offers. */
export type WriteOnlyClient = Pick<pg.PoolClient, 'query'>;

export interface WriteBehind {
  /** sends the statement once the ones written before it have answered, without waiting for it */
  write(text: string, values?: unknown[]): void;
  /**
   * the same for code written against a client that only writes: each query is written and
   * answered at once with no rows, so it must not read what it sends (RETURNING included)
   */
  client: WriteOnlyClient;
  /** waits for every write; throws the first that failed (the rest then fail with the transaction) */
  flush(): Promise<void>;
  /** waits for every write, failed or not: before the connection is used again after an error */
  settle(): Promise<void>;
}

/**
 * A transaction's writes sent one at a time in the order given, while the caller goes on: what it
 * computes next runs while Postgres applies them. Reads that need none of these writes go to
 * another connection meanwhile. Nothing else may use `client` until `flush` has returned.
 */
export function writeBehind(client: pg.PoolClient): WriteBehind {
  let tail: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | null = null;
  const write = (text: string, values?: unknown[]) => {
    tail = tail.then(async () => {
      try {
        await client.query(text, values);
      } catch (error) {
        failure ??= { error };
      }
    });
  };
  const empty = { rows: [], rowCount: 0, command: '', oid: 0, fields: [] } as pg.QueryResult;
  return {
    write,
    client: {
      query: ((text: string | pg.QueryConfig, values?: unknown[]) => {
        if (typeof text !== 'string') throw new Error('writeBehind takes statements as text');
        write(text, values);
        return Promise.resolve(empty);
      }) as WriteOnlyClient['query'],
    },
    async flush() {
      await tail;
      if (failure) throw failure.error;
    },
    settle: () => tail,
  };
}
