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

type NumberArray = Float64Array | Int32Array;

/**
 * Event columns live on SharedArrayBuffers: the churn and propensity thread then reads the same
 * memory instead of a copy of every event (about 600 MB at 20 million events).
 */
function sharedArray<T extends NumberArray>(
  kind: { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number },
  length: number,
): T {
  return new kind(new SharedArrayBuffer(Math.max(1, length) * kind.BYTES_PER_ELEMENT));
}

/** Only when events arrived between counting and reading: the counts size the arrays exactly. */
function grow<T extends NumberArray>(array: T, needed: number): T {
  if (needed <= array.length) return array;
  const kind = array.constructor as unknown as { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };
  const next = sharedArray(kind, Math.max(needed, Math.ceil(array.length * 1.25)));
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
  // counted per user first, so the event columns are allocated once at their final size rather
  // than doubled and copied as they fill (three times the columns' memory at the peak)
  // Named users are looked up one by one (a lateral index probe each): given the list as
  // `user_id = ANY($2)`, the planner's estimate of events per user (n_distinct is far too low on a
  // 20M-event table) made it scan every event of the dataset for 2,500 users, 0.9 s a read.
  const upToFilter = upTo ? `AND ts <= $${only ? 3 : 2}` : '';
  const { rows: userRows } = await pool.query<[string, number]>({
    text: only
      ? `SELECT u.id, c.n FROM (SELECT DISTINCT id FROM unnest($2::text[]) AS t(id)) u
         CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM events WHERE dataset_id = $1 AND user_id = u.id ${upToFilter}) c
         WHERE c.n > 0 ORDER BY u.id`
      : `SELECT user_id, count(*)::int FROM events WHERE dataset_id = $1 ${upToFilter} GROUP BY user_id ORDER BY user_id`,
    values: [datasetId, ...(only ? [only] : []), ...(upTo ? [upTo] : [])],
    rowMode: 'array',
  });
  let expected = 0;
  for (const row of userRows) expected += row[1];
  const users = interner();
  const items = interner();
  const types = interner();
  let user = sharedArray(Int32Array, expected);
  let item = sharedArray(Int32Array, expected);
  let type = sharedArray(Int32Array, expected);
  let ts = sharedArray(Float64Array, expected);
  let value = sharedArray(Float64Array, expected);
  const text: (string | null)[] = [];
  let n = 0;
  const chunkQuery = (start: number) => {
    const first = userRows[start][0];
    const last = userRows[Math.min(start + usersPerChunk, userRows.length) - 1][0];
    const chunkUsers = only ? userRows.slice(start, start + usersPerChunk).map((row) => row[0]) : null;
    const values: unknown[] = chunkUsers ? [datasetId, chunkUsers] : [datasetId, first, last];
    if (upTo) values.push(upTo);
    // ts is timestamp(3): whole milliseconds, which date_part's float8 seconds give back exactly once rounded
    const upToFilter = upTo ? `AND ts <= $${values.length}` : '';
    return pool.query({
      text: chunkUsers
        ? `SELECT e.user_id, e.item_id, e.type, round(date_part('epoch', e.ts) * 1000) AS ms, e.value, e.text
           FROM unnest($2::text[]) AS u(id)
           CROSS JOIN LATERAL (SELECT * FROM events WHERE dataset_id = $1 AND user_id = u.id ${upToFilter} OFFSET 0) e
           ORDER BY e.user_id, e.ts`
        : `SELECT user_id, item_id, type, round(date_part('epoch', ts) * 1000) AS ms, value, text
           FROM events WHERE dataset_id = $1 AND user_id >= $2 AND user_id <= $3 ${upToFilter}
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
    user: user.subarray(0, n),
    item: item.subarray(0, n),
    type: type.subarray(0, n),
    ts: ts.subarray(0, n),
    value: value.subarray(0, n),
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

/**
 * One attribute at a time, as arrays rather than row objects: a million users with four
 * attributes were four million row objects held at once.
 */
async function loadAttributes(datasetId: number, userIds: string[]): Promise<AttributeColumn[]> {
  const pool = getPool();
  // Files imported at different times can type one column differently (numbers in one, a stray
  // "unknown" making it text in the next): the column takes its most common kind, and values of
  // another kind are read as missing rather than as values of the wrong type.
  const { rows: names } = await pool.query<{ name: string; kind: AttributeColumn['kind'] }>(
    `SELECT DISTINCT ON (name) name, kind FROM user_attributes WHERE dataset_id = $1
     GROUP BY name, kind ORDER BY name, count(*) DESC, kind`,
    [datasetId],
  );
  const userIndex = new Map(userIds.map((id, i) => [id, i]));
  const columns: AttributeColumn[] = [];
  for (const { name, kind: columnKind } of names) {
    const { rows } = await pool.query<[string, AttributeColumn['kind'], string | null, number | null]>({
      text: 'SELECT user_id, kind, value_text, value_num FROM user_attributes WHERE dataset_id = $1 AND name = $2',
      values: [datasetId, name],
      rowMode: 'array',
    });
    let column: AttributeColumn | null = null;
    for (const [userId, kind, valueText, valueNum] of rows) {
      const i = userIndex.get(userId);
      if (i === undefined || kind !== columnKind) continue;
      column ??= { name, kind, values: new Array(userIds.length).fill(null) };
      column.values[i] = kind === 'number' ? valueNum : kind === 'boolean' ? valueText === 'true' : valueText;
    }
    if (column) columns.push(column);
  }
  return columns.sort((a, b) => a.name.localeCompare(b.name));
}
