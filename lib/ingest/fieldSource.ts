import { type ColumnMapping, defaultMissingValues, targetFields } from './columnMapping';
import type { ImportKind } from './types';

/** A reason a single row cannot be imported; thrown while a row is cleaned and caught per row. */
export class RowError extends Error {}

/** A CSV record (fields in header order) or an NDJSON object. */
export type SourceRecord = readonly string[] | Readonly<Record<string, unknown>>;

interface ColumnSource {
  kind: 'column';
  /** the field index in a CSV record, the key in an NDJSON object */
  key: number | string;
  name: string;
}

export type FieldSource =
  | ColumnSource
  | { kind: 'constant'; value: string; name: string }
  | { kind: 'product'; left: ColumnSource; right: ColumnSource; name: string };

export interface FieldReader {
  sources: Partial<Record<string, FieldSource>>;
  missingValues: ReadonlySet<string>;
  /** the longest of missingValues: longer texts (most ids) skip the set */
  longestMissingValue: number;
  categorySeparator: string;
}

const numberPattern = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A plain decimal number (no hex, no Infinity, no thousands separators), or null. */
export function parseNumber(text: string): number | null {
  if (!numberPattern.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

const defaultSourceNames: Record<string, readonly string[]> = { category: ['category', 'categories'] };

const positionPattern = /^#(\d+)$/;

/** A column by name (exact, then ignoring case) or by position (`#1` is the first column). */
function findColumn(header: readonly string[] | null, name: string): ColumnSource | null {
  if (header === null) return { kind: 'column', key: name, name };
  let index = header.indexOf(name);
  if (index < 0) {
    const wanted = name.trim().toLowerCase();
    index = header.findIndex((column) => column.trim().toLowerCase() === wanted);
  }
  if (index < 0) {
    const position = positionPattern.exec(name.trim());
    if (position && Number(position[1]) >= 1 && Number(position[1]) <= header.length) index = Number(position[1]) - 1;
  }
  return index < 0 ? null : { kind: 'column', key: index, name: header[index] };
}

function resolveSource(header: readonly string[] | null, source: string): FieldSource | null {
  const column = header === null ? null : findColumn(header, source);
  if (column) return column;
  if (source.startsWith(':')) return { kind: 'constant', value: source.slice(1).trim(), name: source };
  const factors = source.split('*').map((part) => part.trim());
  if (factors.length === 2 && factors[0] && factors[1]) {
    const left = findColumn(header, factors[0]);
    const right = findColumn(header, factors[1]);
    if (left && right) return { kind: 'product', left, right, name: source };
    return null;
  }
  return header === null ? findColumn(null, source) : null;
}

export interface ResolvedFields {
  reader: FieldReader;
  /** targets whose mapped or default column the file lacks */
  unresolved: { target: string; source: string }[];
  /** targets the mapping does not name, read from a column of their own name (CSV only) */
  readByName: { target: string; column: string }[];
}

/** Binds each target of `kind` to a column of the file (CSV header), or to an NDJSON key. */
export function resolveFields(
  kind: ImportKind,
  mapping: ColumnMapping | undefined,
  header: readonly string[] | null,
): ResolvedFields {
  const sources: Partial<Record<string, FieldSource>> = {};
  const unresolved: { target: string; source: string }[] = [];
  const readByName: { target: string; column: string }[] = [];
  for (const target of targetFields[kind]) {
    const mapped = mapping?.columns[target];
    if (mapped !== undefined) {
      const source = resolveSource(header, mapped);
      if (source) sources[target] = source;
      else unresolved.push({ target, source: mapped });
      continue;
    }
    const names = defaultSourceNames[target] ?? [target];
    const source = names.map((name) => findColumn(header, name)).find((found) => found !== null);
    if (source) {
      sources[target] = source;
      if (header !== null && source.kind === 'column') readByName.push({ target, column: source.name });
    } else unresolved.push({ target, source: target });
  }
  const missingValues = new Set(['', ...(mapping?.missingValues ?? defaultMissingValues)]);
  return {
    reader: {
      sources,
      missingValues,
      longestMissingValue: Math.max(...[...missingValues].map((value) => value.length)),
      categorySeparator: mapping?.categorySeparator ?? '|',
    },
    unresolved,
    readByName,
  };
}

function columnText(source: ColumnSource, record: SourceRecord, reader: FieldReader): string | null {
  const raw = (record as Record<string | number, unknown>)[source.key];
  let text: string;
  if (typeof raw === 'string') text = raw.trim();
  else if (raw === null || raw === undefined) return null;
  else if (typeof raw === 'number' || typeof raw === 'boolean') text = String(raw);
  else if (Array.isArray(raw) && raw.every((entry) => typeof entry === 'string' || typeof entry === 'number')) {
    text = raw.map((entry) => String(entry).trim()).join(reader.categorySeparator);
  } else throw new RowError(`field "${source.name}" holds ${Array.isArray(raw) ? 'a list' : 'an object'}, not a value`);
  return text.length <= reader.longestMissingValue && reader.missingValues.has(text) ? null : text;
}

function productText(
  left: ColumnSource,
  right: ColumnSource,
  record: SourceRecord,
  reader: FieldReader,
): string | null {
  const leftText = columnText(left, record, reader);
  const rightText = columnText(right, record, reader);
  if (leftText === null || rightText === null) return null;
  const leftValue = parseNumber(leftText);
  if (leftValue === null) throw new RowError(`${left.name} "${leftText}" is not a number`);
  const rightValue = parseNumber(rightText);
  if (rightValue === null) throw new RowError(`${right.name} "${rightText}" is not a number`);
  // toPrecision drops binary noise such as 3 * 1.1 = 3.3000000000000003
  return String(Number((leftValue * rightValue).toPrecision(15)));
}

/** The trimmed text of `target` in `record`, or null when it is absent or a missing-value token. */
export function readField(reader: FieldReader, target: string, record: SourceRecord): string | null {
  const source = reader.sources[target];
  if (source === undefined) return null;
  if (source.kind === 'column') return columnText(source, record, reader);
  if (source.kind === 'constant') return source.value === '' ? null : source.value;
  return productText(source.left, source.right, record, reader);
}
