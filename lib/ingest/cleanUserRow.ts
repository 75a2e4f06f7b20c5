import { checkId } from './checkId';
import { type FieldReader, RowError, readField, type SourceRecord } from './fieldSource';

export interface CleanUser {
  userId: string;
  /** [attribute name, trimmed text] for the attributes this row has */
  attributes: [string, string][];
}

/** Which attributes a users file carries: CSV column indexes, or NDJSON keys found per record. */
export type AttributeColumns =
  | { kind: 'csv'; columns: { index: number; name: string }[] }
  | { kind: 'ndjson'; only: ReadonlySet<string> | null; userKey: string };

function attributeText(raw: unknown, reader: FieldReader): string | null {
  let text: string;
  if (typeof raw === 'string') text = raw.trim();
  else if (raw === null || raw === undefined) return null;
  else if (typeof raw === 'number' || typeof raw === 'boolean') text = String(raw);
  else text = JSON.stringify(raw);
  return reader.missingValues.has(text) ? null : text;
}

/** One user record: a required user_id plus its non-missing attribute values. */
export function cleanUserRow(
  reader: FieldReader,
  columns: AttributeColumns,
  record: SourceRecord,
  missing: Record<string, number>,
): CleanUser {
  const attributes: [string, string][] = [];
  const note = (name: string, raw: unknown) => {
    const text = attributeText(raw, reader);
    if (text === null) missing[name] = (missing[name] ?? 0) + 1;
    else attributes.push([name, text.replaceAll('\0', '')]);
  };
  if (columns.kind === 'csv') {
    const fields = record as readonly string[];
    for (const column of columns.columns) note(column.name, fields[column.index]);
  } else {
    const object = record as Readonly<Record<string, unknown>>;
    for (const name of columns.only ?? Object.keys(object)) {
      if (name !== columns.userKey) note(name, object[name]);
    }
  }
  const userId = readField(reader, 'user_id', record);
  if (userId === null) {
    missing.user_id = (missing.user_id ?? 0) + 1;
    throw new RowError('missing user_id');
  }
  return { userId: checkId('user_id', userId), attributes };
}
