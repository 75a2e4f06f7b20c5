import type pg from 'pg';
import type { EventTable } from '@/lib/ml/types';

/** An EventTable over `userIds` without events. */
export function emptyEventTable(userIds: string[]): EventTable {
  return {
    userIds,
    itemIds: [],
    types: [],
    user: new Int32Array(0),
    item: new Int32Array(0),
    type: new Int32Array(0),
    ts: new Float64Array(0),
    value: new Float64Array(0),
    text: [],
  };
}

/**
 * Each user's purchase events (settings.purchaseTypes, case-insensitive) from `fromMs` on, as an
 * EventTable over `userIds` sorted by user, then time; items and texts are left out. A range of
 * the events index (dataset, user, time), so it reads the users' recent events only.
 */
export async function readPurchaseEvents(
  db: pg.Pool | pg.PoolClient,
  datasetId: number,
  userIds: string[],
  purchaseTypes: string[],
  fromMs: number,
): Promise<EventTable> {
  const { rows } = await db.query<{ u: number; type: string; ms: number; value: number | null }>(
    `SELECT q.ord::int - 1 AS u, e.type, round(date_part('epoch', e.ts) * 1000)::float8 AS ms, e.value
     FROM unnest($2::text[]) WITH ORDINALITY AS q(user_id, ord)
     JOIN events e ON e.dataset_id = $1 AND e.user_id = q.user_id
       AND e.ts >= timestamptz 'epoch' + $4::float8 * interval '1 millisecond' AND lower(e.type) = ANY($3::text[])
     ORDER BY 1, 3`,
    [datasetId, userIds, purchaseTypes.map((type) => type.toLowerCase()), fromMs],
  );
  const types: string[] = [];
  const typeOf = new Map<string, number>();
  const table = emptyEventTable(userIds);
  const n = rows.length;
  table.user = new Int32Array(n);
  table.item = new Int32Array(n).fill(-1);
  table.type = new Int32Array(n);
  table.ts = new Float64Array(n);
  table.value = new Float64Array(n);
  table.text = new Array(n).fill(null);
  table.types = types;
  rows.forEach((row, e) => {
    let type = typeOf.get(row.type);
    if (type === undefined) {
      type = types.length;
      types.push(row.type);
      typeOf.set(row.type, type);
    }
    table.user[e] = row.u;
    table.type[e] = type;
    table.ts[e] = row.ms;
    table.value[e] = row.value ?? Number.NaN;
  });
  return table;
}
