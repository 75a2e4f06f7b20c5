import { getPool } from '@/lib/db/connection';
import type { AttributeColumn, EventTable, ItemTable } from '@/lib/ml/types';

export interface PipelineInput {
  events: EventTable;
  items: ItemTable;
  attributes: AttributeColumn[];
}

const usersPerChunk = 5000;

function interner() {
  const index = new Map<string, number>();
  const values: string[] = [];
  return {
    values,
    get(value: string): number {
      let i = index.get(value);
      if (i === undefined) {
        i = values.length;
        index.set(value, i);
        values.push(value);
      }
      return i;
    },
  };
}

function grow<T extends Float64Array | Int32Array>(array: T, needed: number): T {
  if (needed <= array.length) return array;
  const next = new (array.constructor as new (n: number) => T)(Math.max(needed, array.length * 2));
  next.set(array);
  return next;
}

/**
 * Reads a dataset's events (sorted by user, then time), items and user attributes into the
 * pipeline's columnar shapes. Only users with at least one event are profiled. Events are read
 * in chunks of users so memory stays at the size of the typed arrays.
 */
export async function loadPipelineInput(
  datasetId: number,
  upTo?: Date,
  options: { userIds?: string[]; attributes?: boolean } = {},
): Promise<PipelineInput> {
  const pool = getPool();
  const only = options.userIds;
  const { rows: userRows } = await pool.query<{ user_id: string }>(
    only
      ? 'SELECT DISTINCT user_id FROM events WHERE dataset_id = $1 AND user_id = ANY($2::text[]) ORDER BY user_id'
      : 'SELECT DISTINCT user_id FROM events WHERE dataset_id = $1 ORDER BY user_id',
    only ? [datasetId, only] : [datasetId],
  );
  const users = interner();
  const items = interner();
  const types = interner();
  let user = new Int32Array(1024);
  let item = new Int32Array(1024);
  let type = new Int32Array(1024);
  let ts = new Float64Array(1024);
  let value = new Float64Array(1024);
  const text: (string | null)[] = [];
  let n = 0;
  const chunkQuery = (start: number) => {
    const first = userRows[start].user_id;
    const last = userRows[Math.min(start + usersPerChunk, userRows.length) - 1].user_id;
    const chunkUsers = only ? userRows.slice(start, start + usersPerChunk).map((row) => row.user_id) : null;
    const values: unknown[] = chunkUsers ? [datasetId, chunkUsers] : [datasetId, first, last];
    if (upTo) values.push(upTo);
    // ts is timestamp(3): whole milliseconds, which date_part's float8 seconds give back exactly once rounded
    return pool.query({
      text: `SELECT user_id, item_id, type, round(date_part('epoch', ts) * 1000) AS ms, value, text
             FROM events WHERE dataset_id = $1
             ${chunkUsers ? 'AND user_id = ANY($2::text[])' : 'AND user_id >= $2 AND user_id <= $3'}
             ${upTo ? `AND ts <= $${values.length}` : ''}
             ORDER BY user_id, ts`,
      values,
      rowMode: 'array',
    });
  };
  // While one chunk is unpacked here, the next two are read on connections of their own.
  const chunks = Math.ceil(userRows.length / usersPerChunk);
  const reading: (ReturnType<typeof chunkQuery> | null)[] = [];
  const read = (chunk: number) => {
    if (chunk >= chunks) return;
    reading[chunk] = chunkQuery(chunk * usersPerChunk);
    reading[chunk]?.catch(() => {});
  };
  read(0);
  read(1);
  for (let chunk = 0; chunk < chunks; chunk++) {
    read(chunk + 2);
    const { rows } = await (reading[chunk] as ReturnType<typeof chunkQuery>);
    reading[chunk] = null;
    const needed = n + rows.length;
    user = grow(user, needed);
    item = grow(item, needed);
    type = grow(type, needed);
    ts = grow(ts, needed);
    value = grow(value, needed);
    for (const row of rows as [string, string | null, string, number, number | null, string | null][]) {
      user[n] = users.get(row[0]);
      item[n] = row[1] === null ? -1 : items.get(row[1]);
      type[n] = types.get(row[2]);
      ts[n] = row[3];
      value[n] = row[4] ?? Number.NaN;
      text.push(row[5]);
      n++;
    }
  }
  const events: EventTable = {
    userIds: users.values,
    itemIds: items.values,
    types: types.values,
    user: user.slice(0, n),
    item: item.slice(0, n),
    type: type.slice(0, n),
    ts: ts.slice(0, n),
    value: value.slice(0, n),
    text,
  };
  return {
    events,
    items: await loadItems(datasetId, items.values, Boolean(only)),
    attributes: options.attributes === false ? [] : await loadAttributes(datasetId, users.values),
  };
}

/** `onlyThese` reads just the named items (a few users' events), not the whole catalogue. */
async function loadItems(datasetId: number, itemIds: string[], onlyThese: boolean): Promise<ItemTable> {
  const { rows } = await getPool().query<{
    item_id: string;
    title: string | null;
    categories: string[];
    price: number | null;
  }>(
    onlyThese
      ? 'SELECT item_id, title, categories, price FROM items WHERE dataset_id = $1 AND item_id = ANY($2::text[])'
      : 'SELECT item_id, title, categories, price FROM items WHERE dataset_id = $1',
    onlyThese ? [datasetId, itemIds] : [datasetId],
  );
  const byId = new Map(rows.map((row) => [row.item_id, row]));
  const price = new Float64Array(itemIds.length);
  const titles: (string | null)[] = [];
  const categories: string[][] = [];
  itemIds.forEach((id, i) => {
    const row = byId.get(id);
    titles.push(row?.title ?? null);
    categories.push(row?.categories ?? []);
    price[i] = row?.price ?? Number.NaN;
  });
  return { titles, categories, price };
}

async function loadAttributes(datasetId: number, userIds: string[]): Promise<AttributeColumn[]> {
  const { rows } = await getPool().query<{
    user_id: string;
    name: string;
    kind: AttributeColumn['kind'];
    value_text: string | null;
    value_num: number | null;
  }>('SELECT user_id, name, kind, value_text, value_num FROM user_attributes WHERE dataset_id = $1', [datasetId]);
  const userIndex = new Map(userIds.map((id, i) => [id, i]));
  const columns = new Map<string, AttributeColumn>();
  for (const row of rows) {
    const i = userIndex.get(row.user_id);
    if (i === undefined) continue;
    let column = columns.get(row.name);
    if (!column) {
      column = { name: row.name, kind: row.kind, values: new Array(userIds.length).fill(null) };
      columns.set(row.name, column);
    }
    column.values[i] =
      row.kind === 'number' ? row.value_num : row.kind === 'boolean' ? row.value_text === 'true' : row.value_text;
  }
  return [...columns.values()].sort((a, b) => a.name.localeCompare(b.name));
}
