import { AttributeKinds, trueTexts } from './attributeKinds';
import { type AttributeColumns, cleanUserRow } from './cleanUserRow';
import { defaultMissingValues } from './columnMapping';
import type { FieldReader } from './fieldSource';
import type { ImportSink, SinkContext, SinkCounts } from './importSink';
import { StageTable } from './stageTable';

const userStageColumns = [
  { name: 'seq', type: 'integer' },
  { name: 'user_id', type: 'text' },
  { name: 'name', type: 'text' },
  { name: 'value', type: 'text' },
] as const;

/**
 * Users are staged whole (one row per user, one per attribute value) because an attribute's
 * type is known only once its whole column is read. At the end of the file users are upserted
 * (a stub becomes real) and attributes upserted per (user, name), the last row winning.
 */
export function userSink(
  context: SinkContext,
  reader: FieldReader,
  columns: AttributeColumns,
  missing: Record<string, number>,
  chunkRows: number,
): ImportSink {
  const { client, datasetId, batchId } = context;
  const stage = new StageTable(batchId, userStageColumns);
  const counts: SinkCounts = { inserted: 0, duplicates: 0, stubUsers: 0, stubItems: 0 };
  const kinds = new AttributeKinds();
  let rows = 0;

  return {
    counts,
    create: () => stage.create(client),
    accept(record, stageIt) {
      const user = cleanUserRow(reader, columns, record, missing);
      if (!stageIt) return;
      rows += 1;
      stage.add([rows, user.userId, null, null]);
      for (const [name, text] of user.attributes) {
        kinds.observe(name, text);
        stage.add([rows, user.userId, name, text]);
      }
    },
    wantsMerge: () => stage.bufferedRows >= chunkRows,
    merge: () => stage.flush(client),
    async finish() {
      await stage.flush(client);
      const known = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (SELECT DISTINCT user_id FROM ${stage.name}) s
         JOIN tracked_users t ON t.dataset_id = $1 AND t.user_id = s.user_id AND NOT t.is_stub`,
        [datasetId],
      );
      const upserted = await client.query(
        `INSERT INTO tracked_users (dataset_id, user_id, is_stub)
         SELECT $1, s.user_id, false FROM (SELECT DISTINCT user_id FROM ${stage.name}) s
         ON CONFLICT (dataset_id, user_id) DO UPDATE SET is_stub = false`,
        [datasetId],
      );
      const attributeKinds = [...kinds.kinds()];
      counts.notes = kinds
        .mostlyNumbers()
        .map(
          ({ name, numbers, others, examples }) =>
            `${name} is stored as text: ${numbers} of its values are numbers but ${others} ${others === 1 ? 'is' : 'are'} not (${examples.map((example) => JSON.stringify(example)).join(', ')}); to keep it a number, import the file again with those values as missing (Missing values on the Import screen, or --map "missing_values=${[...examples, ...defaultMissingValues].join('|')}")`,
        );
      await client.query(
        `INSERT INTO user_attributes (dataset_id, user_id, name, kind, value_text, value_num)
         SELECT $1, s.user_id, s.name, k.kind,
           CASE k.kind WHEN 'string' THEN s.value
                       WHEN 'boolean' THEN CASE WHEN lower(s.value) = ANY($4::text[]) THEN 'true' ELSE 'false' END END,
           CASE k.kind WHEN 'number' THEN s.value::double precision
                       WHEN 'boolean' THEN CASE WHEN lower(s.value) = ANY($4::text[]) THEN 1 ELSE 0 END END
         FROM (SELECT DISTINCT ON (user_id, name) user_id, name, value FROM ${stage.name}
               WHERE name IS NOT NULL ORDER BY user_id, name, seq DESC) s
         JOIN unnest($2::text[], $3::text[]) AS k(name, kind) ON k.name = s.name
         ON CONFLICT (dataset_id, user_id, name) DO UPDATE SET
           kind = EXCLUDED.kind, value_text = EXCLUDED.value_text, value_num = EXCLUDED.value_num`,
        [datasetId, attributeKinds.map(([name]) => name), attributeKinds.map(([, kind]) => kind), trueTexts],
      );
      // A user whose value is missing from this file keeps the old one, unless the old one is of a
      // kind the column no longer has: "unknown" stored as text before the file was read again
      // with "unknown" as missing. Kept, it left the column half text, half numbers.
      await client.query(
        `DELETE FROM user_attributes a
         USING (SELECT DISTINCT user_id FROM ${stage.name}) s, unnest($2::text[], $3::text[]) AS k(name, kind)
         WHERE a.dataset_id = $1 AND a.user_id = s.user_id AND a.name = k.name AND a.kind <> k.kind`,
        [datasetId, attributeKinds.map(([name]) => name), attributeKinds.map(([, kind]) => kind)],
      );
      counts.inserted = upserted.rowCount ?? 0;
      counts.updated = known.rows[0].n;
      counts.duplicates = rows - counts.inserted;
      await stage.drop(client);
    },
  };
}
