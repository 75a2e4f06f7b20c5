import { cleanItemRow } from './cleanItemRow';
import type { FieldReader } from './fieldSource';
import type { ImportSink, SinkContext, SinkCounts } from './importSink';
import { StageTable } from './stageTable';

const itemStageColumns = [
  { name: 'seq', type: 'integer' },
  { name: 'item_id', type: 'text' },
  { name: 'title', type: 'text' },
  { name: 'categories', type: 'text' },
  { name: 'price', type: 'double precision' },
  { name: 'description', type: 'text' },
] as const;

// Categories travel to Postgres joined by the unit separator, which no category contains.
const categoryJoiner = '\x1f';

/**
 * Items are staged whole and upserted at the end of the file: the last row of an item wins, a
 * missing value keeps what the item had, and a stub created by earlier events becomes real.
 */
export function itemSink(
  context: SinkContext,
  reader: FieldReader,
  missing: Record<string, number>,
  chunkRows: number,
): ImportSink {
  const { client, datasetId, batchId } = context;
  const stage = new StageTable(batchId, itemStageColumns);
  const counts: SinkCounts = { inserted: 0, duplicates: 0, stubUsers: 0, stubItems: 0 };
  let rows = 0;

  return {
    counts,
    create: () => stage.create(client),
    accept(record, stageIt) {
      const item = cleanItemRow(reader, record, missing);
      if (!stageIt) return;
      rows += 1;
      const categories = item.categories.length > 0 ? item.categories.join(categoryJoiner) : null;
      stage.add([rows, item.itemId, item.title, categories, item.price, item.description]);
    },
    wantsMerge: () => stage.bufferedRows >= chunkRows,
    merge: () => stage.flush(client),
    async finish() {
      await stage.flush(client);
      const known = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (SELECT DISTINCT item_id FROM ${stage.name}) s
         JOIN items i ON i.dataset_id = $1 AND i.item_id = s.item_id AND NOT i.is_stub`,
        [datasetId],
      );
      const upserted = await client.query(
        `INSERT INTO items (dataset_id, item_id, title, categories, price, description, is_stub)
         SELECT $1, s.item_id, s.title, COALESCE(string_to_array(s.categories, chr(31)), ARRAY[]::text[]),
                s.price, s.description, false
         FROM (SELECT DISTINCT ON (item_id) * FROM ${stage.name} ORDER BY item_id, seq DESC) s
         ON CONFLICT (dataset_id, item_id) DO UPDATE SET
           title = COALESCE(EXCLUDED.title, items.title),
           categories = CASE WHEN cardinality(EXCLUDED.categories) = 0 THEN items.categories ELSE EXCLUDED.categories END,
           price = COALESCE(EXCLUDED.price, items.price),
           description = COALESCE(EXCLUDED.description, items.description),
           is_stub = false`,
        [datasetId],
      );
      counts.inserted = upserted.rowCount ?? 0;
      counts.updated = known.rows[0].n;
      counts.duplicates = rows - counts.inserted;
      await stage.drop(client);
    },
  };
}
